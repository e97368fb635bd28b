/**
 * The DICOM library (dcmjs-dimse) logs every association through loglevel to the
 * console, which is stdout: it would mix with the CLI's table, break the one-document
 * rule of --json and clutter the app's output. The practice lab (the one user of the
 * library) and the CLI turn that logging off
 * (COLLIMATOR_DEBUG=1 keeps its warnings and errors, on stderr as loglevel writes them).
 */
import dimse from 'dcmjs-dimse';

export function quietDicomLibrary(env: NodeJS.ProcessEnv = process.env): void {
  dimse.log.setLevel(env.COLLIMATOR_DEBUG ? 'warn' : 'silent');
}
