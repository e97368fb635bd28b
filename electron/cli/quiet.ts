/**
 * The DICOM library (dcmjs-dimse) logs every association through loglevel to the
 * console, which is stdout: it would mix with the table and break the one-document
 * rule of --json. The CLI owns its process's output, so it turns that logging off
 * (COLLIMATOR_DEBUG=1 keeps its warnings and errors, on stderr as loglevel writes them).
 */
import dimse from 'dcmjs-dimse';

export function quietDicomLibrary(env: NodeJS.ProcessEnv = process.env): void {
  dimse.log.setLevel(env.COLLIMATOR_DEBUG ? 'warn' : 'silent');
}
