/**
 * `collimator peers` as a user runs it: the --json shape exactly as docs/cli.md states it,
 * on logs and a capture written by real servers (test/fixtures/peers), --format, --since,
 * --db (stored, learned again without doubling, compared with the inventory), and bad
 * usage: one line, exit 2, nothing stored.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import { createObservedPeersRepo } from '../../electron/store/observed-peers-repo';
import { ROOT, runCli, tempDir } from './spawn';

const FIX = path.join(ROOT, 'test', 'fixtures', 'peers');
const ORTHANC = path.join(FIX, 'orthanc-1.10-verbose.log');
const DCMQRSCP = path.join(FIX, 'dcmqrscp-3.6.7-v-d.log');
const PCAP = path.join(FIX, 'storescp-two-callers.pcapng');

const tmp = tempDir('peers');
afterAll(() => tmp.rm());

describe('collimator peers', () => {
  it('--json: { lines, problems, servers } with exactly the documented keys, unknown facts null', async () => {
    const r = await runCli(['peers', ORTHANC, DCMQRSCP, PCAP, '--json'], { safeDir: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['lines', 'problems', 'servers']);
    const d = doc as { lines: Record<string, number>; problems: unknown[]; servers: Array<Record<string, unknown> & { peers: Array<Record<string, unknown>> }> };
    expect(Object.keys(d.lines)).toEqual(['read', 'understood', 'malformed']);
    expect(d.problems).toEqual([]);
    for (const s of d.servers) {
      expect(Object.keys(s)).toEqual(['host', 'port', 'calledAe', 'peers']);
      for (const p of s.peers) expect(Object.keys(p)).toEqual(['callingAe', 'address', 'operations', 'firstSeen', 'lastSeen', 'count', 'accepted']);
    }
    const flat = d.servers.flatMap((s) => s.peers.map((p) => `${String(s.host)}:${String(s.port)}/${String(s.calledAe)} ${String(p.callingAe)}@${String(p.address)} ${p.accepted ? 'ok' : 'refused'} x${String(p.count)}`));
    expect(flat).toEqual([
      'null:null/OPEN WS_1@127.0.0.9 ok x1',
      'null:null/QR CT_ROOM3@127.0.0.1 ok x1',
      'null:null/QR INTRUDER@127.0.0.9 refused x1',
      'null:41021/ORTHANC CT_ROOM3@127.0.0.1 ok x2',
      'null:41021/ORTHANC INTRUDER@127.0.0.9 refused x1',
      'null:41021/ORTHANC WS_1@127.0.0.9 ok x1',
      'null:41021/WRONG CT_ROOM3@127.0.0.1 refused x1',
      '127.0.0.1:41031/STORESCP CT_ROOM3@127.0.0.1 ok x1',
      '127.0.0.1:41031/STORESCP MR_2@127.0.0.5 ok x1',
    ]);
    expect(r.stdout).not.toContain('DOE');
  });

  it('--format names the parser; --since leaves out older associations', async () => {
    const wrong = await runCli(['peers', ORTHANC, '--format', 'dcm4chee', '--json'], { safeDir: tmp.dir });
    expect(JSON.parse(wrong.stdout)).toMatchObject({ servers: [], problems: [{ at: ORTHANC, reason: expect.stringMatching(/no association/) as string }] });
    const later = await runCli(['peers', ORTHANC, '--since', '2027-01-01', '--json'], { safeDir: tmp.dir });
    expect(JSON.parse(later.stdout)).toMatchObject({ servers: [] });
  });

  it('--db stores the peers; learning the same file again does not double them; the text compares with the inventory', async () => {
    const db = path.join(tmp.dir, 'c.db');
    const store = openStore(db);
    store.inventory.importNodes(
      [
        { aeTitle: 'CT_ROOM3', host: '127.0.0.1', port: 104, role: '', description: '' },
        { aeTitle: 'OLD_CR', host: '127.0.0.44', port: 104, role: '', description: '' },
      ],
      { replace: false, at: new Date().toISOString() },
    );
    store.close();
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['peers', ORTHANC, '--db', db], { safeDir: tmp.dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('seen, not in the inventory (propose adding): WS_1 at 127.0.0.9');
      expect(r.stdout).toContain('not seen in 30 days (review; nothing is removed): OLD_CR at 127.0.0.44:104');
      expect(r.stdout).not.toContain('propose adding): INTRUDER');
    }
    const s = openStore(db);
    try {
      const peers = createObservedPeersRepo(s.db).list();
      expect(peers.find((p) => p.callingAe === 'CT_ROOM3' && p.calledAe === 'ORTHANC')).toMatchObject({ count: 2, operations: ['echo', 'find'], port: 41021, host: null });
      expect(s.inventory.list().map((n) => n.aeTitle)).toEqual(['CT_ROOM3', 'OLD_CR']);
    } finally {
      s.close();
    }
  });

  it('bad usage: one line, exit 2, nothing read or stored', async () => {
    const db = path.join(tmp.dir, 'never.db');
    for (const [args, msg] of [
      [['peers'], /needs at least one FILE/],
      [['peers', path.join(tmp.dir, 'missing.log'), '--db', db], /no file .*missing\.log/],
      [['peers', ORTHANC, '--format', 'syslog', '--db', db], /--format "syslog" is not one of/],
      [['peers', ORTHANC, '--since', 'yesterday', '--db', db], /--since "yesterday" is not a date/],
    ] as const) {
      const r = await runCli(args, { safeDir: tmp.dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('a file that is neither log nor capture is named in problems, exit 0', async () => {
    const f = path.join(tmp.dir, 'photo.jpg');
    writeFileSync(f, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]));
    const r = await runCli(['peers', f, '--json'], { safeDir: tmp.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ lines: { read: 0, understood: 0, malformed: 0 }, problems: [{ at: f, reason: expect.stringMatching(/neither a text log nor a capture/) as string }], servers: [] });
  });
});
