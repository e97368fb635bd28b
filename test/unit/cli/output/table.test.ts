import { describe, expect, it } from 'vitest';
import { rejectionReason, renderTable, summaryLine } from '../../../../electron/cli/output/table';
import { fixtureReport } from '../fixtures';

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
      '5 passed',
    ]);
    expect(block[0]).toContain('a C-MOVE from an unknown caller was processed (Unable to Process)');
    expect(block.at(-1)).toBe('  5 passed · 4 not applicable');
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
