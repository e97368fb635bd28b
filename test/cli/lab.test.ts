/**
 * `collimator lab` as a child process: it starts real loopback servers, describes
 * them, answers on their ports, and stops them and exits 0 on SIGTERM or Ctrl-C.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tcpAccepts } from '../peers/harness';
import { startCli, tempDir } from './spawn';

const tmp = tempDir('lab');
afterAll(() => tmp.rm());

interface LabDoc {
  servers: Array<{ name: string; host: string; port: number; aet: string; expected: string }>;
  targets: string[];
  ports: number[];
  calledAes: Array<{ aet: string; host: string; port: number }>;
  scanArgv: string[];
  command: string;
}

describe('collimator lab', () => {
  it('--json describes running servers; SIGTERM stops them and exits 0', async () => {
    const lab = startCli(['lab', '--json'], { safeDir: tmp.dir });
    try {
      await lab.waitFor((out) => out.includes('\n'), 'the lab description');
      const doc = JSON.parse(lab.stdout().split('\n')[0]!) as LabDoc;
      expect(doc.targets).toEqual(['127.0.0.1']);
      expect(doc.servers.length).toBeGreaterThanOrEqual(2);
      expect(doc.ports).toEqual(doc.servers.map((s) => s.port));
      for (const s of doc.servers) {
        expect(s.host).toBe('127.0.0.1');
        expect(s.expected).not.toBe('');
        expect(await tcpAccepts(s.host, s.port)).toBe(true);
      }
      expect(doc.calledAes.length).toBeGreaterThan(0);
      expect(doc.scanArgv.slice(0, 3)).toEqual(['127.0.0.1', '--ports', doc.ports.join(',')]);
      expect(doc.command).toBe(`collimator scan ${doc.scanArgv.join(' ')}`);

      lab.child.kill('SIGTERM');
      const r = await lab.done;
      expect(r.code).toBe(0);
      // Only the one document on stdout: the DICOM library's chatter stays out of it.
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      for (const s of doc.servers) expect(await tcpAccepts(s.host, s.port)).toBe(false);
    } finally {
      lab.child.kill('SIGKILL');
    }
  });

  it('prints servers and the scan command for people; Ctrl-C stops it and exits 0', async () => {
    const lab = startCli(['lab'], { safeDir: tmp.dir });
    try {
      await lab.waitFor((out) => out.includes('runs until Ctrl-C'), 'the lab description');
      const out = lab.stdout();
      expect(out).toMatch(/127\.0\.0\.1:\d+ {2}\S/);
      expect(out).toMatch(/a scan should find: /);
      const command = /^ {2}collimator scan (.+)$/m.exec(out)?.[1];
      expect(command).toMatch(/^127\.0\.0\.1 --ports [\d,]+( --called-ae \S+@127\.0\.0\.1:\d+)+$/);
      lab.child.kill('SIGINT');
      const r = await lab.done;
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('stopping the lab');
    } finally {
      lab.child.kill('SIGKILL');
    }
  });
});
