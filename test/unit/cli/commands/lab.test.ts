import { describe, expect, it } from 'vitest';
import { labScanArgv, renderLab, shellQuote } from '../../../../electron/cli/commands/lab';
import type { PracticeLab } from '../../../../electron/practice-lab/practice';

const LAB: PracticeLab = {
  servers: [
    { name: 'Open PACS', description: 'lets anyone in', host: '127.0.0.1', port: 40001, aet: 'OPENPACS', expected: 'fails dicom.any-calling-ae' },
    { name: 'Odd AE', description: 'title with a space', host: '::1', port: 40002, aet: "MY AE'S", expected: 'passes' },
    { name: 'Not DICOM', description: 'a banner\x1b[2J', host: '127.0.0.1', port: 40003, aet: '', expected: 'protocol unknown' },
  ],
  targets: ['127.0.0.1', '::1'],
  ports: [40001, 40002, 40003],
  calledAes: [
    { aet: 'OPENPACS', host: '127.0.0.1', port: 40001 },
    { aet: "MY AE'S", host: '::1', port: 40002 },
  ],
  reconfigure: () => undefined,
  stop: () => Promise.resolve(),
};

describe('lab command output', () => {
  it('builds the scan command line: targets, --ports, one --called-ae per known title, IPv6 in brackets', () => {
    expect(labScanArgv(LAB)).toEqual(['127.0.0.1', '::1', '--ports', '40001,40002,40003', '--called-ae', 'OPENPACS@127.0.0.1:40001', '--called-ae', "MY AE'S@[::1]:40002"]);
  });

  it('quotes words for a POSIX shell only when needed', () => {
    expect(shellQuote('OPENPACS@127.0.0.1:40001')).toBe('OPENPACS@127.0.0.1:40001');
    expect(shellQuote('A@[::1]:104')).toBe('A@[::1]:104');
    expect(shellQuote("MY AE'S@h:1")).toBe("'MY AE'\\''S@h:1'");
  });

  it('lists each server with address, AE title and what a scan should find, then the command to run', () => {
    const text = renderLab(LAB);
    expect(text).toContain('127.0.0.1:40001  Open PACS  (AE OPENPACS)');
    expect(text).toContain('[::1]:40002  Odd AE');
    expect(text).toContain('127.0.0.1:40003  Not DICOM\n');
    expect(text).toContain('a scan should find: fails dicom.any-calling-ae');
    expect(text).toContain("  collimator scan 127.0.0.1 ::1 --ports 40001,40002,40003 --called-ae OPENPACS@127.0.0.1:40001 --called-ae 'MY AE'\\''S@[::1]:40002'");
    expect(text).not.toContain('\x1b');
  });
});
