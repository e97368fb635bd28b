/**
 * Real nmap output: nmap (-sT, -oX -) run against a TCP listener this test opens on
 * 127.0.0.1 and a port it closed again (loopback only), and its XML (with nmap's own
 * DOCTYPE and stylesheet instruction) imported: one open and one closed observation.
 * Skipped, saying so, where nmap is not installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../../electron/internet/parse';
import type { Observation } from '../../../electron/internet/types';

const NMAP = ['/usr/bin/nmap', '/usr/local/bin/nmap'].find((p) => existsSync(p));

async function listen(): Promise<net.Server> {
  const s = net.createServer((c) => c.destroy());
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return s;
}

describe.skipIf(!NMAP)('nmap -oX from a real nmap run (loopback)', () => {
  it('imports the open and the closed port nmap reported', async () => {
    const open = await listen();
    const closed = await listen();
    const openPort = (open.address() as net.AddressInfo).port;
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    try {
      const { stdout } = await promisify(execFile)(NMAP!, ['-sT', '-Pn', '-n', '-p', `${openPort},${closedPort}`, '127.0.0.1', '-oX', '-'], { timeout: 60_000 });
      expect(stdout).toContain('<!DOCTYPE nmaprun>');
      const run = parseImport({ name: 'nmap.xml', bytes: Buffer.from(stdout) });
      const obs: Observation[] = [];
      for await (const r of run.records) {
        expect(r.problems).toEqual([]);
        obs.push(...r.observations);
      }
      expect(run.format()).toBe('nmap');
      expect(obs.map((o) => [o.host, o.port, o.state, o.said.nmap?.reason]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual(
        [
          ['127.0.0.1', openPort, 'open', 'syn-ack'],
          ['127.0.0.1', closedPort, 'closed', 'conn-refused'],
        ].sort((a, b) => Number(a[1]) - Number(b[1])),
      );
      expect(Date.now() - Date.parse(obs[0]!.observedAt)).toBeLessThan(120_000);
    } finally {
      await new Promise((r) => open.close(r));
    }
  });
});
