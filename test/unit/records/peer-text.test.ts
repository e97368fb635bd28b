/**
 * Strings from peers are made safe once, at the engine's edge (issue 11): an
 * Orthanc-like loopback server whose /system answer carries lone UTF-16 surrogates, a
 * C1 control and a right-to-left override, and whose page title and Server header
 * carry control characters, is scanned by the real engine; the service is stored,
 * a record of it is signed (canonical JSON refused lone surrogates before), verifies,
 * and its text is well-formed with every control shown.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildDraft, storeSource } from '../../../electron/records/build';
import { checkRecord } from '../../../electron/records/integrity';
import { canonicalBytes } from '../../../electron/records/jcs';
import { createRecordsRepo, newRecordId } from '../../../electron/records/repo';
import { runScan } from '../../../electron/engine/scan';
import { defaultProbeOptions } from '../../../electron/engine/options';
import { openStore } from '../../../electron/store';
import { wellFormed } from '../../../shared/safe-text';
import { site } from '../engine/web/loopback-site';
import { operatorKey } from './fixtures';

/** JSON text with lone surrogates written as escapes, as a server may send them (JSON.stringify does the same). */
const SYSTEM = '{"Name":"Lab\\ud800PACS","Version":"1.12.\\udc00\\u0085x","ApiVersion":18,"DicomAet":"ORTH\\u202eANC","DicomPort":4242}';

function hostileOrthanc(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html', Server: 'Orthanc\x85Plus' }).end(Buffer.from('<html><head><title>Orthanc\x1b[2J Explorer\x9b</title></head><body>explorer.js</body></html>', 'latin1'));
  } else if (req.url === '/system') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(SYSTEM);
  } else {
    res.writeHead(404).end();
  }
}

/** Every string in `v`, at any depth. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

describe("a peer's lone surrogates and controls, from the wire to a signed record", () => {
  it('are made safe where they enter the results, so the server\'s record can be signed and verifies', async () => {
    const { port } = await site(hostileOrthanc);
    const options = defaultProbeOptions({ connectTimeoutMs: 1000, ioTimeoutMs: 1000, targetTimeoutMs: 8000 });
    const report = await runScan({ targets: ['127.0.0.1'], ports: [port], options, scanId: 'scan-peer-text' });
    const service = report.services.find((s) => s.port === port);
    expect(service?.protocol).toBe('http');
    // The product a peer named, as the engine reports it: the lone surrogate is U+FFFD, the C1 control shown.
    expect(service?.product).toEqual({ name: 'Orthanc', version: '1.12.\ufffd[U+0085]x' });
    const all = strings(service);
    expect(all.filter((s) => s !== wellFormed(s))).toEqual([]);
    // No raw control or bidi override anywhere in the results.
    expect(all.filter((s) => /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/.test(s))).toEqual([]);
    const text = JSON.stringify(service);
    expect(text).toContain('ORTH[U+202E]ANC');
    expect(text).toContain('Lab\ufffdPACS');
    expect(text).toContain('Orthanc␛[2J Explorer[U+009B]');
    expect(text).toContain('Orthanc[U+0085]Plus');

    const store = openStore(':memory:');
    try {
      store.beginScan({ id: report.scan.id, startedAt: report.scan.startedAt, vantage: options.vantage, targets: ['127.0.0.1'], ports: [port], toolVersion: '0.1.0' });
      store.saveService(report.scan.id, service!);
      store.finishScan(report.scan.id, report.scan.finishedAt, false);
      const stored = store.latestService('127.0.0.1', port)!.service;
      expect(stored.product).toEqual(service!.product);
      const key = operatorKey('Ada Admin', 'PACS administrator');
      const draft = buildDraft(storeSource(store), { host: '127.0.0.1', port }, {
        id: newRecordId(), createdAt: '2025-03-01T12:30:00.000Z', toolVersion: '0.1.0',
        operator: { name: key.name, role: key.role, fingerprint: key.fingerprint }, note: '', supersedes: null,
      });
      expect(() => canonicalBytes(draft)).not.toThrow();
      const record = createRecordsRepo(store.db).signoff(draft, key);
      expect(record.body.server.product).toEqual({ name: 'Orthanc', version: '1.12.\ufffd[U+0085]x' });
      expect(checkRecord({ where: 'r', canonical: record.canonical, hash: record.hash, signatures: record.signatures }).problems).toEqual([]);
    } finally {
      store.close();
    }
  }, 30_000);
});
