/**
 * `collimator import` as a user runs it (node bin/collimator.mjs): generated Censys,
 * Shodan (gzip) and nmap XML files into a real database, the --json shape, skipped
 * records, --strict, unsafe files (nothing imported, exit 2), --map and --reconcile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import { seedScan } from '../unit/records/fixtures';
import { censysPlatformJsonl, makeHosts, NEW, nmapXml, OLD, shodanJsonl, XML_BOMB } from '../unit/internet/fixtures';
import { runCli, tempDir } from './spawn';

const tmp = tempDir('import');
afterAll(() => tmp.rm());
const f = (name: string, data?: string | Buffer): string => {
  const p = path.join(tmp.dir, name);
  if (data !== undefined) fs.writeFileSync(p, data);
  return p;
};
const cli = (args: readonly string[]) => runCli(args, { safeDir: tmp.dir, deadlineMs: 120_000 });
const hosts = makeHosts(300);
const serviceCount = (hs: typeof hosts) => hs.reduce((n, h) => n + h.services.length, 0);
const counts = (db: string) => {
  const s = openStore(db);
  try {
    return { imports: s.internet.listImports().length, observations: s.internet.listObservations().length };
  } finally {
    s.close();
  }
};

interface ImportJson {
  format: string;
  read: number;
  imported: number;
  skipped: number;
  problems: Array<{ at: string; reason: string }>;
  observations: Array<{ host: string; port: number; transport: string; kind: string; source: string; observedAt: string; product: string | null }>;
}

describe('collimator import', () => {
  it('imports a Shodan gzip download with --json: the contract shape, every service', async () => {
    const db = f('shodan.db');
    const r = await cli(['import', f('shodan.json.gz', gzipSync(shodanJsonl(hosts))), '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ImportJson;
    expect(Object.keys(out)).toEqual(['format', 'read', 'imported', 'skipped', 'problems', 'observations']);
    expect(out).toMatchObject({ format: 'shodan', read: serviceCount(hosts), imported: serviceCount(hosts), skipped: 0, problems: [] });
    expect(out.observations).toHaveLength(serviceCount(hosts));
    const h = hosts.find((x) => x.host.includes(':') && x.services.some((s) => s.kind === 'dicom-tls'))!;
    expect(out.observations.filter((o) => o.host === h.host && o.port === 2762)).toEqual([{ host: h.host, port: 2762, transport: 'tcp', kind: 'dicom-tls', source: 'shodan', observedAt: h.services[0]!.observedAt, product: 'DCMTK' }]);
    expect(new Set(out.observations.map((o) => o.kind))).toEqual(new Set(['dicom', 'dicom-tls', 'web', 'other']));
    expect(counts(db)).toEqual({ imports: 1, observations: serviceCount(hosts) });
  });

  it('imports Censys and nmap together, skipping and listing a bad record (exit 0)', async () => {
    const db = f('both.db');
    const lines = censysPlatformJsonl(hosts.slice(0, 20)).split('\n');
    lines.splice(4, 0, '{"ip": "203.0.113.250", "services": [{"port": 104, "transport_protocol": 6, "scan_time": "2026-11-01T00:00:00Z"}]}');
    const r = await cli(['import', f('c.jsonl', lines.join('\n')), f('n.xml', nmapXml(hosts.slice(20, 40))), '--db', db, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ImportJson;
    expect(out.format).toBe('censys');
    expect(out.read).toBe(21 + 20);
    expect(out.skipped).toBe(1);
    expect(out.problems).toEqual([{ at: `${f('c.jsonl')}: line 5`, reason: 'host 203.0.113.250, service 1: "transport_protocol" is neither TCP nor UDP' }]);
    expect(out.imported).toBe(serviceCount(hosts.slice(0, 40)));
    expect(out.observations.filter((o) => o.source === 'nmap')).toHaveLength(serviceCount(hosts.slice(20, 40)));
  });

  it('with --strict refuses the whole import on a bad record: exit 2, one line, nothing imported', async () => {
    const db = f('strict.db');
    const text = shodanJsonl(hosts.slice(0, 10)) + '{"ip_str": "198.51.100.9", "port": 104, "transport": "tcp", "timestamp": 12}\nnot json\n';
    const r = await cli(['import', f('s.json', text), '--db', db, '--strict']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--strict: nothing imported');
    expect(counts(db)).toEqual({ imports: 0, observations: 0 });
    const lax = await cli(['import', f('s.json'), '--db', db]);
    expect(lax.code).toBe(0);
    expect(lax.stdout).toContain('skipped 2 bad ones');
    expect(lax.stdout).toContain(`skipped line ${serviceCount(hosts.slice(0, 10)) + 2}: not valid JSON`);
  });

  it('refuses unsafe and unreadable files with exit 2 and imports nothing, not even the good file before them', async () => {
    const db = f('unsafe.db');
    const good = f('good.jsonl', censysPlatformJsonl(hosts.slice(0, 5)));
    const gz = gzipSync(shodanJsonl(hosts));
    const cases: Array<[string, RegExp]> = [
      [f('bomb.xml', XML_BOMB), /DTD with declarations/],
      [f('cut.json.gz', gz.subarray(0, gz.length - 100)), /broken gzip data/],
      [f('long.json', Buffer.concat([Buffer.from('{"data":"'), Buffer.alloc(50 * 1024 * 1024, 0x61), Buffer.from('"}\n')])), /line 1 is longer than 8 MiB/],
      [f('missing.json'), /no such file/],
    ];
    for (const [file, why] of cases) {
      const r = await cli(['import', good, file, '--db', db, '--json']);
      expect(r.code, file).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toMatch(/nothing imported\n$/);
    }
    expect(counts(db)).toEqual({ imports: 0, observations: 0 });
  });

  it('bad usage: no file, an unknown format, a bad --map', async () => {
    expect((await cli(['import', '--db', f('u.db')])).code).toBe(2);
    const fmt = await cli(['import', f('x.json', '{}'), '--format', 'masscan', '--db', f('u.db')]);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('--format masscan: expected auto, censys, shodan or nmap');
    const map = await cli(['import', '--reconcile', '--map', 'pacs.example.org=10.0.0.1', '--db', f('u.db')]);
    expect(map.code).toBe(2);
    expect(map.stderr).toContain('expected PUBLIC=INSIDE');
  });

  it('--reconcile with --map: NATed, outside only, inside only, stale, as JSON', async () => {
    const db = f('rec.db');
    const store = openStore(db);
    seedScan(store, 'scan-1', '2026-11-25T10:00:00.000Z', '10.200.9.9', 104);
    seedScan(store, 'scan-2', '2026-11-25T10:00:00.000Z', '10.200.9.10', 11112);
    store.close();
    const doc = [{ host: '203.0.113.44', services: [{ port: 104, kind: 'dicom' as const, tls: false, product: 'Orthanc', version: '1.12.3', observedAt: OLD }] }, { host: '2001:db8::44', services: [{ port: 443, kind: 'web' as const, tls: true, product: null, version: null, observedAt: NEW }] }];
    expect((await cli(['import', f('rec.jsonl', censysPlatformJsonl(doc)), '--db', db, '--map', '203.0.113.44=10.200.9.9'])).code).toBe(0);
    const r = await cli(['import', '--reconcile', '--db', db, '--json', '--stale-days', '30']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as { staleDays: number; rows: Array<Record<string, unknown>> };
    expect(t.staleDays).toBe(30);
    expect(t.rows.map((x) => [x.host, x.port, x.insideHost, x.status, x.stale])).toEqual([
      ['10.200.9.10', 11112, '10.200.9.10', 'inside-only', false],
      ['203.0.113.44', 104, '10.200.9.9', 'outside-and-inside', true],
      ['2001:db8::44', 443, '2001:db8::44', 'outside-only', Date.now() - Date.parse(NEW) > 30 * 86_400_000],
    ]);
    const text = await cli(['import', '--reconcile', '--db', db]);
    expect(text.stdout).toMatch(/203\.0\.113\.44:104\s+outside-and-inside\s+10\.200\.9\.9:104 open\s+dicom\s+2025-01-10 censys\s+\d+d STALE/);
  });
});
