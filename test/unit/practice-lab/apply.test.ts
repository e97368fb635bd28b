/**
 * A practice server fixed from the app (issue 17), against a real DICOM client (DCMTK's
 * echoscu): before, the Open PACS lets any caller in under any called AE title; after
 * `apply` it answers only its own title and only the inventory's peers. The lab's own
 * list decides what may be changed: any other endpoint is refused and nothing changes.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practiceFix } from '../../../electron/practice-lab/fix';
import { PRACTICE_PROFILES } from '../../../electron/practice-lab/profiles';
import { startPracticeLab } from '../../../electron/practice-lab/practice';
import { PracticeLabManager } from '../../../electron/services/practice-lab-manager';
import { peerSkipReason } from '../../peers/harness';

/** echoscu with short timeouts; ok when the association was accepted and the echo answered. */
function echo(server: { host: string; port: number }, calling: string, called: string): Promise<{ ok: boolean; output: string }> {
  const args = ['-v', '-to', '5', '-ta', '5', '-td', '5', '-aet', calling, '-aec', called, server.host, String(server.port)];
  return new Promise((resolve) => {
    execFile('echoscu', args, { timeout: 20_000 }, (err, stdout, stderr) => resolve({ ok: err === null, output: `${stdout}${stderr}` }));
  });
}

describe('practiceFix (pure)', () => {
  const open = PRACTICE_PROFILES.find((p) => p.key === 'open-pacs')!;

  it('checks the called AE title and lets only the peers call; says TLS cannot be done here', () => {
    const fix = practiceFix(open, [' MODALITY1 ', 'READING1', 'MODALITY1', '']);
    expect(fix.profile).toMatchObject({ checkCalledAe: true, allowedCallers: ['MODALITY1', 'READING1'], aet: 'OPENPACS' });
    expect(fix.applied.join(' ')).toMatch(/MODALITY1, READING1/);
    expect(fix.notApplied.join(' ')).toMatch(/no TLS server/);
    expect(open.allowedCallers).toBeUndefined(); // the shipped profile is not changed
  });

  it('with no peers, refuses every caller (an empty allow-list), and says so', () => {
    const fix = practiceFix(open, []);
    expect(fix.profile.allowedCallers).toEqual([]);
    expect(fix.applied.join(' ')).toMatch(/lists no peers, so every calling AE title is refused/);
  });
});

describe.skipIf(peerSkipReason('dcmtk'))('applying to the running practice lab', () => {
  const manager = new PracticeLabManager(() => startPracticeLab());
  let openPacs: { host: string; port: number };
  let notDicom: { host: string; port: number };

  beforeAll(async () => {
    const info = await manager.start();
    const o = info.servers.find((s) => s.aet === 'OPENPACS')!;
    const n = info.servers.find((s) => s.aet === '')!;
    openPacs = { host: o.host, port: o.port };
    notDicom = { host: n.host, port: n.port };
  }, 30_000);
  afterAll(() => manager.stop());

  it('refuses anything that is not one of the lab\'s DICOM servers, asking for no peers and changing nothing', async () => {
    let asked = 0;
    const peers = (): string[] => {
      asked += 1;
      return ['MODALITY1'];
    };
    expect(() => manager.apply({ host: '127.0.0.1', port: openPacs.port === 1 ? 2 : 1 }, peers)).toThrow(/is not a practice-lab server/);
    expect(() => manager.apply({ host: '127.0.0.2', port: openPacs.port }, peers)).toThrow(/is not a practice-lab server/);
    expect(() => manager.apply(notDicom, peers)).toThrow(/not a DICOM server/);
    expect(asked).toBe(0);
    expect((await echo(openPacs, 'STRANGER', 'ANYTHING')).ok).toBe(true);
  }, 60_000);

  it('the open PACS then answers only its own title and only the inventory\'s peers', async () => {
    const r = manager.apply(openPacs, () => ['MODALITY1']);
    expect(r).toMatchObject({ name: 'Open PACS', host: openPacs.host, port: openPacs.port });
    expect(r.applied.join(' ')).toMatch(/MODALITY1/);
    const stranger = await echo(openPacs, 'STRANGER', 'OPENPACS');
    expect(stranger.ok).toBe(false);
    expect(stranger.output).toMatch(/Calling AE Title Not Recognized/i);
    const wrongCalled = await echo(openPacs, 'MODALITY1', 'NOTOPENPACS');
    expect(wrongCalled.ok).toBe(false);
    expect(wrongCalled.output).toMatch(/Called AE Title Not Recognized/i);
    expect((await echo(openPacs, 'MODALITY1', 'OPENPACS')).ok).toBe(true);
  }, 60_000);

  it('a stopped lab changes nothing and says so', async () => {
    await manager.stop();
    expect(() => manager.apply(openPacs, () => [])).toThrow(/practice lab is not running/);
  });
});
