import { describe, expect, it } from 'vitest';
import { parseInventoryRows } from '../../../electron/remediation/inventory-csv';

const HEADER = 'ae_title,host,port,role,description';

describe('parseInventoryRows', () => {
  it('reads quoted fields, CRLF, a BOM, blank lines; writes addresses canonically', () => {
    const p = parseInventoryRows(`\uFEFF${HEADER}\r\nPACS,10.200.0.5,104,pacs,"Main archive, building A"\r\n\r\n CT1 ,10.200.0.9,11112,modality,"The ""new"" CT"\r\nVIEW,[FD00:0:0:0::1],4242,workstation,\r\nNAMED,PACS.Example.org,104,router,\r\n`);
    expect(p.problems).toEqual([]);
    expect(p.rows).toBe(4);
    expect(p.nodes).toEqual([
      { aeTitle: 'PACS', host: '10.200.0.5', port: 104, role: 'pacs', description: 'Main archive, building A' },
      { aeTitle: 'CT1', host: '10.200.0.9', port: 11112, role: 'modality', description: 'The "new" CT' },
      { aeTitle: 'VIEW', host: 'fd00::1', port: 4242, role: 'workstation', description: '' },
      { aeTitle: 'NAMED', host: 'pacs.example.org', port: 104, role: 'router', description: '' },
    ]);
  });

  it('names every bad line by its number, the header included', () => {
    const text = [
      'ae,host,port', // 1: wrong header
      'GOOD,10.200.0.1,104,pacs,', // 2
      'TOO-LONG-AE-TITLE-X,10.200.0.2,104,,', // 3
      'BAD\\AE,10.200.0.3,104,,', // 4
      'OK,10.200.0.4,99999,,', // 5
      'OK,not a host,104,,', // 6
      'OK,10.200.0.5,104', // 7
      '', // 8 blank: ignored
      'GOOD,10.200.0.1,104,pacs,again', // 9: repeats line 2
      'Q,10.200.0.6,104,"unclosed,', // 10
      'R,10.200.0.7,104,role\x07bell,', // 11
    ].join('\n');
    const p = parseInventoryRows(text);
    expect(p.problems.map((x) => x.line)).toEqual([1, 3, 4, 5, 6, 7, 9, 10, 11]);
    expect(p.problems.find((x) => x.line === 3)!.message).toMatch(/at most 16/);
    expect(p.problems.find((x) => x.line === 4)!.message).toMatch(/backslash/);
    expect(p.problems.find((x) => x.line === 5)!.message).toMatch(/port "99999"/);
    expect(p.problems.find((x) => x.line === 9)!.message).toMatch(/repeats line 2/);
    expect(p.problems.find((x) => x.line === 11)!.message).toMatch(/control character/);
    for (const x of p.problems) expect(x.message).not.toMatch(/\n/);
  });

  it('an empty file is one problem on line 1', () => {
    expect(parseInventoryRows('\n \n').problems).toEqual([{ line: 1, message: 'the file is empty (expected the header ae_title,host,port,role,description)' }]);
  });
});
