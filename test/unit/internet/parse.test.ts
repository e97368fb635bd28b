/**
 * The three parsers on generated exports (a few hundred hosts, DICOM, DICOM TLS, web,
 * IPv4 and IPv6, old and new observations), checked field by field, and on malformed
 * and hostile files: truncated gzip, a bad line, wrong types, a 50 MB line, an XML
 * bomb, entities, a gzip bomb. Real files on disk, real zlib.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UnsafeFileError, ImportCancelledError } from '../../../electron/internet/errors';
import { parseImport, type ParseOptions } from '../../../electron/internet/parse';
import type { ImportProblem, Observation } from '../../../electron/internet/types';
import { BANNER_SECRET, censysPlatformJsonl, censysSearch2Array, expected, makeHosts, nmapXml, NEW, shodanJsonl, XML_BOMB } from './fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-internet-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

async function parse(p: string, opts: ParseOptions = {}) {
  const run = parseImport({ name: path.basename(p), path: p }, opts);
  const observations: Observation[] = [];
  const problems: ImportProblem[] = [];
  let records = 0;
  for await (const r of run.records) {
    records++;
    observations.push(...r.observations);
    problems.push(...r.problems);
  }
  return { format: run.format(), observations, problems, records, sha256: run.read.sha256(), read: run.read };
}

const core = (o: Observation) => ({ host: o.host, port: o.port, transport: o.transport, state: o.state, kind: o.kind, product: o.product, version: o.version, tls: o.tls, observedAt: o.observedAt, source: o.source });
const byKey = (a: { host?: unknown; port?: unknown }, b: { host?: unknown; port?: unknown }) => `${String(a.host)}:${String(a.port)}`.localeCompare(`${String(b.host)}:${String(b.port)}`);

const hosts = makeHosts(300);

describe('Censys', () => {
  it('reads Platform API host documents (JSON Lines, some wrapped), field by field, auto-detected', async () => {
    const r = await parse(file('censys.jsonl', censysPlatformJsonl(hosts)));
    expect(r.format).toBe('censys');
    expect(r.problems).toEqual([]);
    expect(r.records).toBe(hosts.length);
    expect(r.observations.map(core).sort(byKey)).toEqual(expected(hosts, 'censys').sort(byKey));
    expect(hosts.some((h) => h.host.includes(':'))).toBe(true);
    expect(new Set(r.observations.map((o) => o.kind))).toEqual(new Set(['dicom', 'dicom-tls', 'web', 'other']));
  });

  it("maps Censys's decoded rejection names onto the catalog's reasons and keeps the AC's implementation", async () => {
    const r = await parse(file('censys2.jsonl', censysPlatformJsonl(hosts.slice(0, 8))));
    const rejects = r.observations.filter((o) => o.said.dicom?.reject);
    expect(rejects.length).toBeGreaterThan(0);
    for (const o of rejects) {
      expect(o.said.dicom).toEqual({ accepted: false, pdu: 'A-ASSOCIATE-RJ', reject: { result: 'rejected-permanent', source: 'service-user', reason: 'calling-ae-title-not-recognized', named: 'rejected-permanent/service-user/calling-ae-title-not-recognized' } });
    }
    const acs = r.observations.filter((o) => o.said.dicom?.accepted === true);
    expect(acs.length).toBeGreaterThan(0);
    for (const o of acs) expect(o.said.dicom).toMatchObject({ implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7', implementationVersionName: 'OFFIS_DCMTK_367' });
    expect(JSON.stringify(r.observations)).not.toContain('PATIENT');
  });

  it('reads the Search 2.0 shape as one pretty-printed JSON array', async () => {
    const r = await parse(file('censys-v2.json', censysSearch2Array(hosts)), { format: 'censys' });
    expect(r.problems).toEqual([]);
    expect(r.observations.map(core).sort(byKey)).toEqual(expected(hosts, 'censys').sort(byKey));
    const web = r.observations.find((o) => o.kind === 'web' && o.tls)!;
    expect(web.said).toEqual({ service: 'HTTPS', web: { status: 200 } });
  });

  it('names a bad line and a wrong type, and keeps the rest', async () => {
    const lines = censysPlatformJsonl(hosts.slice(0, 5)).trim().split('\n');
    lines.splice(2, 0, '{"ip": "203.0.113.77", "services": [{"port": "http", "transport_protocol": "TCP", "scan_time": "2026-11-01T00:00:00Z"}]}');
    lines.splice(4, 0, '{"ip": "203.0.113.78", "services": [');
    lines.push('{"ip": 12345, "services": []}', '{"ip": "203.0.113.79", "services": [{"port": 104, "scan_time": "yesterday"}]}');
    const r = await parse(file('censys-bad.jsonl', lines.join('\n')));
    expect(r.problems).toEqual([
      { at: 'line 3', reason: 'host 203.0.113.77, service 1: "port" is not a port number' },
      { at: 'line 5', reason: 'not valid JSON' },
      { at: 'line 8', reason: '"ip" is not an IPv4 or IPv6 address' },
      { at: 'line 9', reason: 'host 203.0.113.79, service 1: the observation time is not a date' },
    ]);
    expect(r.observations.map(core).sort(byKey)).toEqual(expected(hosts.slice(0, 5), 'censys').sort(byKey));
  });
});

describe('Shodan', () => {
  it('reads a gzip download line by line, field by field, without keeping banner text', async () => {
    const gz = gzipSync(Buffer.from(shodanJsonl(hosts)));
    const p = file('shodan.json.gz', gz);
    const seen: number[] = [];
    const r = await parse(p, { onProgress: (x) => seen.push(x.bytesRead), size: gz.length });
    expect(r.format).toBe('shodan');
    expect(r.read.gzip).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.observations.map(core).sort(byKey)).toEqual(expected(hosts, 'shodan').sort(byKey));
    expect(JSON.stringify(r.observations)).not.toContain('PATIENT');
    expect(JSON.stringify(r.observations)).not.toContain('Example Hospital');
    expect(seen.at(-1)).toBe(gz.length);
    const { createHash } = await import('node:crypto');
    expect(r.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
    expect(BANNER_SECRET).toContain('PATIENT');
  });

  it('reads a plain download, and names wrong types by line', async () => {
    const lines = shodanJsonl(hosts.slice(0, 4)).trim().split('\n');
    lines.splice(1, 0, '{"ip_str": "198.51.100.200", "port": 70000, "transport": "tcp", "timestamp": "2026-11-01T00:00:00.000000"}');
    lines.push('{"ip_str": "198.51.100.201", "port": 104, "transport": "sctp", "timestamp": "2026-11-01T00:00:00"}', 'garbage', '{"ipv6": "2001:db8::zz", "port": 1}');
    const r = await parse(file('shodan.json', lines.join('\n') + '\n'));
    expect(r.problems).toEqual([
      { at: 'line 2', reason: '198.51.100.200: "port" is not a port number' },
      { at: `line ${lines.length - 2}`, reason: '198.51.100.201:104: "transport" is neither tcp nor udp' },
      { at: `line ${lines.length - 1}`, reason: 'not valid JSON' },
      { at: `line ${lines.length}`, reason: '"ip_str" is not an IPv4 or IPv6 address' },
    ]);
    expect(r.observations.map(core).sort(byKey)).toEqual(expected(hosts.slice(0, 4), 'shodan').sort(byKey));
  });

  it('refuses a truncated gzip file', async () => {
    const gz = gzipSync(Buffer.from(shodanJsonl(hosts)));
    const p = file('cut.json.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    await expect(parse(p)).rejects.toThrow(UnsafeFileError);
    await expect(parse(p)).rejects.toThrow(/broken gzip data \(the file ends early\)/);
  });

  it('refuses a gzip bomb by ratio, and by size', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const p = file('bomb.json.gz', bomb);
    await expect(parse(p, { limits: { ratioFloorBytes: 8 * 1024 * 1024 } })).rejects.toThrow(/inflates more than 100 times/);
    await expect(parse(p, { limits: { maxInflatedBytes: 4 * 1024 * 1024, maxInflateRatio: 1e9 } })).rejects.toThrow(/inflates to more than 4 MiB/);
  });

  it('refuses a 50 MB line without holding it', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const p = file('long.json', Buffer.concat([Buffer.from(shodanJsonl(hosts.slice(0, 2))), Buffer.from('{"data":"'), big, Buffer.from('"}\n')]));
    await expect(parse(p)).rejects.toThrow(/line \d+ is longer than 8 MiB; refused/);
  });

  it('stops when cancelled', async () => {
    const p = file('cancel.json', shodanJsonl(hosts));
    const ac = new AbortController();
    ac.abort();
    await expect(parse(p, { signal: ac.signal })).rejects.toThrow(ImportCancelledError);
  });
});

describe('nmap XML', () => {
  it('reads -oX output with dicom-ping and dicom-brute, field by field, closed and filtered ports kept as such', async () => {
    const closed = [{ host: hosts[1]!.host, port: 11112, state: 'closed' as const }, { host: hosts[2]!.host, port: 104, state: 'filtered' as const }];
    const r = await parse(file('scan.xml', nmapXml(hosts, closed)));
    expect(r.format).toBe('nmap');
    expect(r.problems).toEqual([]);
    const open = r.observations.filter((o) => o.state === 'open');
    expect(open.map(core).sort(byKey)).toEqual(expected(hosts, 'nmap').sort(byKey));
    expect(r.observations.filter((o) => o.state !== 'open').map((o) => ({ host: o.host, port: o.port, state: o.state, reason: o.said.nmap?.reason }))).toEqual([
      { host: hosts[1]!.host, port: 11112, state: 'closed', reason: 'conn-refused' },
      { host: hosts[2]!.host, port: 104, state: 'filtered', reason: 'no-response' },
    ]);
    const accepts = r.observations.find((o) => o.host === hosts[0]!.host && o.port === 104)!;
    expect(accepts.said).toEqual({ service: 'dicom', nmap: { state: 'open', reason: 'syn-ack' }, dicom: { discovered: true, anyAeAccepted: true, accepted: true, validCredentials: 2 } });
    const rejects = r.observations.find((o) => o.host === hosts[2]!.host && o.port === 104 && o.state === 'open')!;
    expect(rejects.said.dicom).toEqual({ discovered: true, calledAeCheck: true, accepted: false });
    expect(r.observations[0]!.observedAt <= NEW).toBe(true);
  });

  it('refuses the billion laughs (a DTD with entities) before expanding anything', async () => {
    await expect(parse(file('bomb.xml', XML_BOMB))).rejects.toThrow(/DTD with declarations.*refused/);
  });

  it('refuses an external entity, an undeclared entity, and a DOCTYPE with an external identifier', async () => {
    const ext = `<?xml version="1.0"?>\n<!DOCTYPE nmaprun SYSTEM "file:///etc/passwd">\n<nmaprun start="1"></nmaprun>`;
    await expect(parse(file('ext.xml', ext))).rejects.toThrow(/an external identifier\); refused/);
    const ent = `<nmaprun start="1700000000"><host><address addr="203.0.113.5" addrtype="ipv4"/><ports><port protocol="tcp" portid="104"><state state="open" reason="&xxe;"/></port></ports></host></nmaprun>`;
    await expect(parse(file('ent.xml', ent))).rejects.toThrow(/entity \(&xxe;\); entities are refused/);
    const decl = `<!ENTITY x "y"><nmaprun/>`;
    await expect(parse(file('decl.xml', decl))).rejects.toThrow(/markup declarations/);
  });

  it('refuses a cut-short file and XML that is not nmap', async () => {
    const xml = nmapXml(hosts.slice(0, 10));
    await expect(parse(file('cut.xml', xml.slice(0, Math.floor(xml.length / 2))))).rejects.toThrow(/cut short/);
    await expect(parse(file('other.xml', '<svg><g/></svg>'))).rejects.toThrow(/not nmap's/);
  });

  it('names a host without an address and a port that is not a number', async () => {
    const xml = `<nmaprun start="1764000000"><host><status state="up"/></host><host><address addr="203.0.113.9" addrtype="ipv4"/><ports><port protocol="tcp" portid="abc"><state state="open"/></port><port protocol="tcp" portid="104"><state state="open" reason="syn-ack"/><service name="dicom"/></port></ports></host></nmaprun>`;
    const r = await parse(file('bad.xml', xml));
    expect(r.problems).toEqual([
      { at: 'host #1', reason: 'no IPv4 or IPv6 address' },
      { at: 'host 203.0.113.9', reason: 'port "abc" is not a port number' },
    ]);
    expect(r.observations.map(core)).toEqual([{ host: '203.0.113.9', port: 104, transport: 'tcp', state: 'open', kind: 'dicom', product: null, version: null, tls: false, observedAt: '2025-11-24T16:00:00.000Z', source: 'nmap' }]);
  });

  it('refuses --format shodan on XML, and an empty file', async () => {
    await expect(parse(file('x.xml', nmapXml(hosts.slice(0, 1))), { format: 'shodan' })).rejects.toThrow(/this is XML, not a shodan export/);
    await expect(parse(file('empty.json', '\n\n'))).rejects.toThrow(/empty/);
  });
});
