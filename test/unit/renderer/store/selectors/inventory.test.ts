import { describe, expect, it } from 'vitest';
import type { InventoryImportResult, StoredInventoryNode } from '../../../../../shared/remediation';
import { buildUpsert, describeImport, EMPTY_NODE_FORM, nodeForm, sortNodes } from '../../../../../renderer/store/selectors/inventory';

const node = (id: number, aeTitle: string, host: string, port: number): StoredInventoryNode => ({ id, aeTitle, host, port, role: 'Modality', description: '', updatedAt: '2025-01-01T00:00:00.000Z' });

describe('buildUpsert', () => {
  const form = { ...EMPTY_NODE_FORM, aeTitle: ' CT_ROOM2 ', host: ' 10.200.4.21 ', port: '104', role: ' Modality ', description: ' CT in room 2 ' };

  it('trims the fields and sends the id only when editing', () => {
    expect(buildUpsert(form)).toEqual({ ok: true, value: { aeTitle: 'CT_ROOM2', host: '10.200.4.21', port: 104, role: 'Modality', description: 'CT in room 2' } });
    expect(buildUpsert({ ...form, id: 7 })).toMatchObject({ ok: true, value: { id: 7 } });
    expect(buildUpsert({ ...form, host: '[::1]' })).toMatchObject({ ok: true, value: { host: '::1' } });
  });

  it('refuses what the form can get wrong, with the reason', () => {
    expect(buildUpsert({ ...form, aeTitle: '' })).toMatchObject({ ok: false });
    expect(buildUpsert({ ...form, aeTitle: 'A_TITLE_LONGER_THAN_16' })).toMatchObject({ ok: false });
    expect(buildUpsert({ ...form, aeTitle: 'BAD\\AE' })).toMatchObject({ ok: false, message: expect.stringContaining('backslash') as string });
    expect(buildUpsert({ ...form, host: 'ct 2' })).toMatchObject({ ok: false });
    expect(buildUpsert({ ...form, port: '0' })).toMatchObject({ ok: false, message: expect.stringContaining('1 to 65535') as string });
    expect(buildUpsert({ ...form, port: '70000' })).toMatchObject({ ok: false });
    expect(buildUpsert({ ...form, port: '10a' })).toMatchObject({ ok: false });
  });

  it('an edited node fills the form back', () => {
    const n = node(3, 'MR1', '10.200.4.23', 11112);
    expect(buildUpsert(nodeForm(n))).toEqual({ ok: true, value: { id: 3, aeTitle: 'MR1', host: '10.200.4.23', port: 11112, role: 'Modality', description: '' } });
  });
});

describe('sortNodes', () => {
  it('orders by address as numbers, then port, then AE title', () => {
    const sorted = sortNodes([node(1, 'B', '10.200.0.10', 104), node(2, 'A', '10.200.0.9', 11112), node(3, 'C', '10.200.0.9', 104), node(4, 'A', '10.200.0.9', 104)]);
    expect(sorted.map((n) => n.id)).toEqual([4, 3, 2, 1]);
  });
});

describe('describeImport', () => {
  const base: InventoryImportResult = { imported: true, rows: 4, added: 3, updated: 1, unchanged: 0, removed: 0, problems: [] };

  it('says what an import did', () => {
    expect(describeImport(base)).toBe('4 rows read: 3 nodes added, 1 updated, 0 unchanged.');
    expect(describeImport({ ...base, rows: 1, added: 1, updated: 0, removed: 2 })).toBe('1 row read: 1 node added, 0 updated, 0 unchanged, 2 removed.');
  });

  it('says nothing was imported when any line is bad', () => {
    expect(describeImport({ ...base, imported: false, added: 0, updated: 0, problems: [{ line: 3, message: 'x' }, { line: 5, message: 'y' }] })).toBe('Nothing was imported: 2 lines need correcting.');
    expect(describeImport({ ...base, imported: false, problems: [{ line: 3, message: 'x' }] })).toBe('Nothing was imported: 1 line needs correcting.');
  });
});
