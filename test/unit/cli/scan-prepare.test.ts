import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/errors';
import { parseScanArgs } from '../../../electron/cli/scan-options';
import { calledAeMap, prepareScan, scopeMessage } from '../../../electron/cli/scan-prepare';
import { ScopeError } from '../../../electron/engine/scope';

const dir = mkdtempSync(path.join(tmpdir(), 'clm-prep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function usage(argv: string[]): Promise<string> {
  try {
    const p = await prepareScan(parseScanArgs(argv));
    p.store.close();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).not.toMatch(/\n/);
    return (e as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('scopeMessage', () => {
  it('names the flag that allows a refused scope', () => {
    expect(scopeMessage(new ScopeError('scope of 70000 addresses is larger than a /16 (65536); allow large scopes to scan it'))).toBe(
      'scope of 70000 addresses is larger than a /16 (65536); add --allow-large to scan it',
    );
    expect(scopeMessage(new ScopeError('"8.8.8.8" includes public (non-private) addresses; allow public addresses to scan it'))).toBe(
      '"8.8.8.8" includes public (non-private) addresses; add --authorized-public if you are authorized to scan it',
    );
    expect(scopeMessage(new ScopeError('bad target "x"'))).toBe('bad target "x"');
  });
});

describe('calledAeMap', () => {
  const noNames = { resolved: new Map<string, string[]>() };
  it('keys literal addresses canonically, as the engine writes scanned hosts', () => {
    const m = calledAeMap([{ ae: 'A', host: '0:0:0::1', port: 104 }, { ae: 'B', host: '10.200.0.5', port: 11112 }], noNames);
    expect([...m]).toEqual([['::1:104', 'A'], ['10.200.0.5:11112', 'B']]);
  });
  it('keys a host name by the addresses it resolved to as a target', () => {
    const m = calledAeMap([{ ae: 'PACS', host: 'pacs.lan', port: 104 }], { resolved: new Map([['PACS.lan', ['10.200.0.7', 'fd00::7']]]) });
    expect([...m]).toEqual([['10.200.0.7:104', 'PACS'], ['fd00::7:104', 'PACS']]);
  });
  it('refuses a host name that is not a target, and two titles for one address', () => {
    expect(() => calledAeMap([{ ae: 'A', host: 'elsewhere', port: 104 }], noNames)).toThrow(UsageError);
    expect(() => calledAeMap([{ ae: 'A', host: '::1', port: 104 }, { ae: 'B', host: '0::1', port: 104 }], noNames)).toThrow('--called-ae gives ::1:104 two AE titles: A and B');
  });
});

describe('prepareScan', () => {
  const db = path.join(dir, 'sub', 'scans.db');

  it('refuses every bad input before creating the database', async () => {
    const inv = path.join(dir, 'bad.csv');
    writeFileSync(inv, 'ae_title,host,port,role,description\nA,h,99999,r,d\n');
    const cases: Array<[string[], RegExp]> = [
      [['8.8.8.8'], /add --authorized-public/],
      [['10.200.0.0/15'], /add --allow-large/],
      [['10.200.0.1-10.200.0.0'], /^bad target "10.200.0.1-10.200.0.0": the range ends before it starts$/],
      [['127.0.0.1', '--ports', '80,,81'], /^--ports: bad port list/],
      [['127.0.0.1', '--ports', '70000'], /^--ports: bad port "70000"/],
      [['127.0.0.1', '--inventory', inv], /line 2: port "99999"/],
      [['127.0.0.1', '--trust', path.join(dir, 'missing.pem')], /^--trust .*cannot read it \(ENOENT\)$/],
      [['127.0.0.1', '--called-ae', 'A@pacs.invalid:104'], /is not one of the TARGETs/],
    ];
    for (const [argv, msg] of cases) {
      expect(await usage([...argv, '--db', db])).toMatch(msg);
      expect(existsSync(path.dirname(db))).toBe(false);
    }
  });

  it('refuses a file that is not a database, and leaves it alone', async () => {
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'not sqlite at all, just text that is long enough to have a header');
    expect(await usage(['127.0.0.1', '--db', junk])).toMatch(/junk\.db/);
    expect(existsSync(`${junk}-wal`)).toBe(false);
  });

  it('builds the probe options from the flags and opens the database last', async () => {
    const inv = path.join(dir, 'nodes.csv');
    writeFileSync(inv, 'ae_title,host,port,role,description\nPACS,0::1,4242,pacs,main\nCT,10.200.0.9,104,modality,peer\n');
    const p = await prepareScan(
      parseScanArgs([
        '127.0.0.1', '::1', '--ports', '4242,104', '--db', db, '--calling-ae', 'AUDIT1', '--called-ae', 'ORTHANC@127.0.0.1:4242',
        '--inventory', inv, '--vantage', 'guest', '--untrusted', '--opt-in', 'web.default-credentials', '--timeout', '2000',
      ]),
    );
    try {
      expect(p.ports).toEqual([4242, 104]);
      expect(p.targets).toEqual(['127.0.0.1', '::1']);
      expect(p.dbFile).toBe(db);
      expect(existsSync(db)).toBe(true);
      expect(p.vantage).toEqual({ label: 'guest', untrusted: true });
      const o = p.options;
      expect(o.callingAe).toBe('AUDIT1');
      expect([...o.calledAes]).toEqual([['127.0.0.1:4242', 'ORTHANC']]);
      expect(o.inventory.map((n) => `${n.aeTitle}@${n.host}:${n.port}`)).toEqual(['PACS@::1:4242', 'CT@10.200.0.9:104']);
      expect(o.vantage).toEqual({ label: 'guest', untrusted: true });
      expect([...o.optIn]).toEqual(['web.default-credentials']);
      expect([o.connectTimeoutMs, o.ioTimeoutMs, o.targetTimeoutMs]).toEqual([2000, 2000, 40_000]);
      expect(o.tls).toBeUndefined();
    } finally {
      p.store.close();
    }
  });

  it('uses the engine defaults for what was not given', async () => {
    const p = await prepareScan(parseScanArgs(['127.0.0.1', '--db', db]));
    try {
      expect(p.ports).toEqual([104, 11112, 4242, 2761, 2762, 80, 443, 8042, 8080, 8443]);
      expect(p.options.callingAe).toMatch(/^CLM[A-Z0-9]{8}$/);
      expect(p.options.calledAes.size).toBe(0);
      expect(p.vantage.untrusted).toBe(false);
    } finally {
      p.store.close();
    }
  });
});
