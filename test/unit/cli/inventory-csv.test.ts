import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/errors';
import { parseInventoryCsv, readInventory, splitCsvLine } from '../../../electron/cli/inventory-csv';

const HEADER = 'ae_title,host,port,role,description';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).not.toMatch(/\n/);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseInventoryCsv', () => {
  it('reads rows, quoted fields, CRLF, a BOM and blank lines', () => {
    const text = `\uFEFF${HEADER}\r\nPACS,10.200.0.5,104,pacs,"Main archive, building A"\r\n\r\n CT1 ,10.200.0.9,11112,modality,"The ""new"" CT"\r\nVIEW,[FE80::1],4242,workstation,\r\n`;
    expect(parseInventoryCsv(text, 'f')).toEqual([
      { aeTitle: 'PACS', host: '10.200.0.5', port: 104, role: 'pacs', description: 'Main archive, building A' },
      { aeTitle: 'CT1', host: '10.200.0.9', port: 11112, role: 'modality', description: 'The "new" CT' },
      { aeTitle: 'VIEW', host: 'fe80::1', port: 4242, role: 'workstation', description: '' },
    ]);
  });

  it('accepts a header in another case, with spaces', () => {
    expect(parseInventoryCsv('AE_Title, Host, Port, Role, Description\nA,h,1,r,d', 'f')).toHaveLength(1);
  });

  it('refuses an empty file and a wrong header', () => {
    expect(usage(() => parseInventoryCsv('\n\n', 'inv.csv'))).toBe('inv.csv: line 1: the file is empty (expected the header ae_title,host,port,role,description) (nothing was used)');
    expect(usage(() => parseInventoryCsv('ae,host,port\nA,h,1', 'inv.csv'))).toBe('inv.csv: line 1: the header must be exactly ae_title,host,port,role,description; line 2: has 3 fields, expected 5 (ae_title,host,port,role,description) (nothing was used)');
    expect(usage(() => parseInventoryCsv('\nhost,ae_title,port,role,description\n', 'inv.csv'))).toMatch(/^inv.csv: line 2: the header/);
  });

  it('names every bad line by number and uses nothing', () => {
    const text = [
      HEADER,
      'GOOD,10.200.0.1,104,pacs,ok', // 2
      'BAD\\AE,10.200.0.2,104,pacs,x', // 3
      'X,10.200.0.3,70000,pacs,x', // 4
      'X,10.200.0.3,104,pacs', // 5
      '',
      'X,not a host,104,pacs,x', // 7
      'X,10.200.0.4,104,"unterminated,x', // 8
    ].join('\n');
    expect(usage(() => parseInventoryCsv(text, 'inv.csv'))).toBe(
      'inv.csv: line 3: AE title "BAD\\\\AE" contains a backslash; ' +
        'line 4: port "70000" is not a number from 1 to 65535; ' +
        'line 5: has 4 fields, expected 5 (ae_title,host,port,role,description); ' +
        'line 7: host "not a host" is not an address or host name; ' +
        'and 1 more bad lines (nothing was used)',
    );
  });

  it('refuses an AE title that is too long, only spaces, or a row repeated', () => {
    expect(usage(() => parseInventoryCsv(`${HEADER}\nSEVENTEEN_CHARS_X,h,1,r,d`, 'f'))).toBe('f: line 2: AE title "SEVENTEEN_CHARS_X" is 17 characters long (at most 16) (nothing was used)');
    expect(usage(() => parseInventoryCsv(`${HEADER}\n   ,h,1,r,d`, 'f'))).toBe('f: line 2: AE title "" is empty (or only spaces) (nothing was used)');
    expect(usage(() => parseInventoryCsv(`${HEADER}\nA,h,1,r,d\nA,H,1,r,other`, 'f'))).toBe('f: line 3: repeats line 2 (A at h:1) (nothing was used)');
  });

  it('allows several AE titles on one host:port (dcmqrscp serves many)', () => {
    expect(parseInventoryCsv(`${HEADER}\nA,h,1,r,d\nB,h,1,r,d`, 'f')).toHaveLength(2);
  });

  it('refuses control characters in role and description', () => {
    expect(usage(() => parseInventoryCsv(`${HEADER}\nA,h,1,r,"d\x1b[31m"`, 'f'))).toBe('f: line 2: description contains a control character (nothing was used)');
  });
});

describe('splitCsvLine', () => {
  it('splits on commas outside quotes', () => {
    expect(splitCsvLine('a,"b,c",,"d""e"')).toEqual(['a', 'b,c', '', 'd"e']);
    expect(splitCsvLine('')).toEqual(['']);
    expect(splitCsvLine('a,')).toEqual(['a', '']);
  });
  it('says what is wrong with broken quoting', () => {
    expect(splitCsvLine('"open')).toBe('a quoted field is not closed (a field cannot span lines)');
    expect(splitCsvLine('"a"b,c')).toMatch(/^text after a closing quote/);
    expect(splitCsvLine('a"b,c')).toMatch(/^a quote inside an unquoted field/);
  });
});

describe('readInventory', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clm-inv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file', () => {
    const f = path.join(dir, 'nodes.csv');
    writeFileSync(f, `${HEADER}\nPACS,127.0.0.1,4242,pacs,test\n`);
    expect(readInventory(f)).toEqual([{ aeTitle: 'PACS', host: '127.0.0.1', port: 4242, role: 'pacs', description: 'test' }]);
  });

  it('names a file it cannot read', () => {
    expect(usage(() => readInventory(path.join(dir, 'missing.csv')))).toBe(`--inventory ${path.join(dir, 'missing.csv')}: cannot read it (ENOENT)`);
  });
});
