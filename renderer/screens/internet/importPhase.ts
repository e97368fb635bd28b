/**
 * What the Internet view's import form shows, and how a progress event changes it.
 *
 * Progress events come over one connection (the event stream, or Electron's event
 * channel) and the import's answer over another, so the last progress event can
 * arrive after the answer. A late event must never turn "Imported N observations"
 * back into "Reading…" (a CI run once sat there for a minute, the import long done):
 * an event moves the form only while it is reading that import.
 */
import type { InternetImportProgress, InternetImportResult } from '../../../shared/internet';

export type ImportPhase =
  | { kind: 'idle' }
  | { kind: 'sending' | 'reading'; percent: number; words: string }
  | { kind: 'done'; result: InternetImportResult }
  | { kind: 'error'; message: string };

const fmt = new Intl.NumberFormat('en-US');

/** The phase after progress event `p`, for the import `running` (null: none is running). */
export function phaseAfterProgress(prev: ImportPhase, p: InternetImportProgress, running: string | null): ImportPhase {
  if (running === null || p.importId !== running || prev.kind !== 'reading') return prev;
  const percent = p.size ? Math.min(100, Math.floor((p.bytesRead / p.size) * 100)) : 0;
  return { kind: 'reading', percent, words: `Reading ${p.file} (${p.fileIndex + 1} of ${p.files}): ${fmt.format(p.observations)} observations` };
}
