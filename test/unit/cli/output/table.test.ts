import { describe, expect, it } from 'vitest';
import { rejectionReason, renderTable, summaryLine } from '../../../../electron/cli/output/table';
import type { ScanReport } from '../../../../shared/types';
import { fixtureReport, service } from '../fixtures';

describe('renderTable', () => {
  const report = fixtureReport();
  const text = renderTable(report, { callingAe: 'CLMTEST' });
  const lines = text.split('\n');

  it('starts with the scan, the vantage and the calling AE', () => {
    expect(lines[0]).toBe('Collimator 0.1.0 scan scan-1 · from lab (trusted network) · calling AE CLMTEST');
  });

  it('lists open services by address and port, each with protocol, product and called AE', () => {
    const heads = lines.filter((l) => /^127\.0\.0\.1:\d+ {2}/.test(l) && !l.endsWith('closed'));
    expect(heads).toEqual([
      '127.0.0.1:4242  dicom  Orthanc 1.10.1  called AE ORTHANC (guessed)',
      '127.0.0.1:8042  http  Orthanc',
      '127.0.0.1:11112  dicom  DCMTK 3.6.7\\x1b[2J  no called AE accepted',
    ]);
  });

  it('shows failing checks worst first, then inconclusive ones, with their summaries', () => {
    const start = lines.indexOf('127.0.0.1:4242  dicom  Orthanc 1.10.1  called AE ORTHANC (guessed)');
    const block = lines.slice(start + 1, lines.indexOf('', start));
    expect(block.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'CRITICAL dicom.retrieve-open',
      'HIGH dicom.any-calling-ae',
      'HIGH dicom.plaintext',
      'INFO dicom.detected',
      'INCONCLUSIVE dicom.query-open',
      '8 passed',
    ]);
    expect(block[0]).toContain('a C-MOVE from an unknown caller was processed (Unable to Process)');
    // Every catalog check the fixture does not override passes: 5 before issue 15, +3 TLS suite checks.
    expect(block.at(-1)).toBe('  8 passed · 4 not applicable');
  });

  it('shows the decoded rejection reason of a refused association', () => {
    expect(text).toMatch(/\n {2}pass +dicom\.any-calling-ae +unknown callers are rejected \(rejected: calling AE title not recognized\)\n/);
  });

  it('counts skipped opt-in checks', () => {
    expect(text).toContain('skipped (opt-in)');
  });

  it('lists closed ports on their own line when the report has them, and never raw control bytes', () => {
    expect(lines).toContain('127.0.0.1:104  closed');
    expect(text).not.toContain('\x1b');
  });

  it('ends with the fail counts and the pointer to --json', () => {
    expect(lines.at(-3)).toBe('3 services · fails: 2 critical, 2 high, 0 medium, 0 low, 2 info');
    expect(lines.at(-2)).toMatch(/--json/);
    expect(lines.at(-1)).toBe('');
  });

  it('says so when nothing was found, and when the scan was cancelled', () => {
    const empty = { ...report, scan: { ...report.scan, cancelled: true }, services: [], summary: { services: 0, fail: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } } };
    const t = renderTable(empty);
    expect(t).toContain('Cancelled:');
    expect(t).toContain('No open services found on 127.0.0.1 (ports 104,4242,8042,11112).');
    expect(t).toContain('0 services · fails: 0 critical');
  });

  it('brackets IPv6 hosts', () => {
    const v6 = { ...report, services: [{ ...report.services[0]!, host: '::1' }] };
    expect(renderTable(v6)).toContain('[::1]:8042  http');
  });
});

describe('renderTable: why a service is unknown', () => {
  /** The fixture report plus services with a protocolBasis. */
  function withBases(): ScanReport {
    const r = fixtureReport();
    r.services = [
      ...r.services.map((s) => (s.port === 4242 ? { ...s, protocolBasis: 'answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC' } : s)),
      service({ host: '127.0.0.1', port: 2222, state: 'open', protocol: 'unknown', protocolBasis: 'sent bytes that are not DICOM, HTTP or TLS: "SSH-2.0-OpenSSH_9.2p1\\r\\n"' }),
      service({ host: '127.0.0.1', port: 2223, state: 'open', protocolBasis: 'silent for 5000 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either' }),
      service({ host: '127.0.0.1', port: 2224, state: 'open', protocol: 'unknown', protocolBasis: `closed\x1b[2J\r\n${'x'.repeat(300)}` }),
      service({ host: '127.0.0.1', port: 2225, state: 'open', protocol: 'unknown' }),
    ];
    return r;
  }
  const text = renderTable(withBases());
  const lines = text.split('\n');
  const after = (head: string): string | undefined => lines[lines.indexOf(head) + 1];

  it('puts one line under an unknown service saying why', () => {
    expect(after('127.0.0.1:2222  unknown')).toBe('  why unknown: sent bytes that are not DICOM, HTTP or TLS: "SSH-2.0-OpenSSH_9.2p1\\r\\n"');
    expect(after('127.0.0.1:2223  unknown')).toBe('  why unknown: silent for 5000 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either');
  });

  it('escapes control characters and keeps the line short', () => {
    const line = after('127.0.0.1:2224  unknown')!;
    expect(line.startsWith('  why unknown: closed\\x1b[2J\\x0d\\x0axxx')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(Array.from(line).length).toBeLessThanOrEqual('  why unknown: '.length + 160);
    expect(text).not.toContain('\x1b');
  });

  it('adds nothing for identified services, nor for an unknown one without a basis', () => {
    expect(text).not.toContain('A-ASSOCIATE-AC');
    expect(after('127.0.0.1:2225  unknown')).toBe('  2 passed');
    // The rest of the table is as it was.
    const before = renderTable(fixtureReport()).split('\n');
    for (const l of before.filter((x) => x.startsWith('127.0.0.1:4242'))) expect(lines).toContain(l);
  });
});

describe('rejectionReason', () => {
  it('finds the decoded reason as text or inside an object', () => {
    expect(rejectionReason({ rejection: 'called AE title not recognized' })).toBe('called AE title not recognized');
    expect(rejectionReason({ rejectReason: { reason: 'no reason given' } })).toBe('no reason given');
    expect(rejectionReason({ accepted: true })).toBeUndefined();
  });
});

describe('summaryLine', () => {
  it('says service in the singular for one', () => {
    const r = fixtureReport();
    expect(summaryLine({ ...r, summary: { ...r.summary, services: 1 } })).toMatch(/^1 service ·/);
  });
});
