/**
 * The Internet view's import form and its progress events (renderer/screens/internet/importPhase.ts).
 * Progress arrives on the event stream, the import's answer on its own request: the last
 * event can come after the answer. A CI run once showed "Reading shodan.json (1 of 1): 844
 * observations" for a minute after the import had finished, because a late event put the
 * form back to reading.
 */
import { describe, expect, it } from 'vitest';
import type { InternetImportProgress } from '../../../../shared/internet';
import { phaseAfterProgress, type ImportPhase } from '../../../../renderer/screens/internet/importPhase';

const event = (extra: Partial<InternetImportProgress> = {}): InternetImportProgress => ({
  importId: 'imp-1', file: 'shodan.json', fileIndex: 0, files: 1, bytesRead: 4_000_000, size: 8_000_000, observations: 211, ...extra,
});
const done: ImportPhase = { kind: 'done', result: { importId: 'imp-1', format: 'shodan', read: 422, imported: 422, skipped: 0, problems: [] } };

describe('phaseAfterProgress', () => {
  it('shows the reading of the running import, with percent and count', () => {
    const next = phaseAfterProgress({ kind: 'reading', percent: 0, words: 'Reading…' }, event(), 'imp-1');
    expect(next).toEqual({ kind: 'reading', percent: 50, words: 'Reading shodan.json (1 of 1): 211 observations' });
    expect(phaseAfterProgress({ kind: 'reading', percent: 0, words: '' }, event({ size: null }), 'imp-1')).toMatchObject({ percent: 0 });
    expect(phaseAfterProgress({ kind: 'reading', percent: 0, words: '' }, event({ bytesRead: 9e6 }), 'imp-1')).toMatchObject({ percent: 100 });
  });

  it('never turns a finished import back into reading (an event that arrives after the answer)', () => {
    expect(phaseAfterProgress(done, event({ bytesRead: 8_000_000, observations: 422 }), null)).toBe(done);
    // Even when the answer's phase is set but the running id not yet cleared.
    expect(phaseAfterProgress(done, event(), 'imp-1')).toBe(done);
    const error: ImportPhase = { kind: 'error', message: 'bomb.xml: refused; nothing imported' };
    expect(phaseAfterProgress(error, event(), 'imp-1')).toBe(error);
  });

  it("ignores another import's events and events while the files are still being sent", () => {
    const reading: ImportPhase = { kind: 'reading', percent: 10, words: 'Reading…' };
    expect(phaseAfterProgress(reading, event({ importId: 'imp-0' }), 'imp-1')).toBe(reading);
    const sending: ImportPhase = { kind: 'sending', percent: 40, words: 'Sending shodan.json…' };
    expect(phaseAfterProgress(sending, event(), 'imp-1')).toBe(sending);
  });
});
