/** Search on Records and Inventory: every word must appear in what the row shows. */
import { describe, expect, it } from 'vitest';
import type { RecordListItem } from '../../../../shared/records';
import type { StoredInventoryNode } from '../../../../shared/remediation';
import { matchesQuery } from '../../../../renderer/components/search';
import { nodeMatches } from '../../../../renderer/screens/inventory/search';
import { recordMatches } from '../../../../renderer/screens/records/recordSearch';

describe('matchesQuery', () => {
  it('needs every word, ignores case, accents and extra spaces; an empty query matches all', () => {
    expect(matchesQuery(['Orthanc', 'Radiologie Süd'], '  radiologie   SUD ')).toBe(true);
    expect(matchesQuery(['Orthanc', 'Radiologie Süd'], 'radiologie nord')).toBe(false);
    expect(matchesQuery(['x', null, undefined, 104], '104')).toBe(true);
    expect(matchesQuery([], '   ')).toBe(true);
  });
});

const node = (extra: Partial<StoredInventoryNode>): StoredInventoryNode => ({
  id: 1, aeTitle: 'PACS1', host: '127.0.0.1', port: 11112, role: 'pacs', description: '', updatedAt: '2026-01-01T00:00:00.000Z', ...extra,
});

describe('nodeMatches', () => {
  it('finds a node by AE title, address, port, address:port, role or description', () => {
    const n = node({ aeTitle: 'CT_WEST', host: '127.0.0.5', port: 104, role: 'modality', description: 'CT in building west' });
    for (const q of ['ct_west', '127.0.0.5', '104', '127.0.0.5:104', 'modality', 'building west']) expect(nodeMatches(n, q), q).toBe(true);
    expect(nodeMatches(n, 'mri')).toBe(false);
  });
});

const record = (extra: Partial<RecordListItem>): RecordListItem => ({
  position: 3, id: 'rec-3', host: '127.0.0.1', port: 4242, createdAt: '2026-03-01T10:00:00.000Z',
  operator: { name: 'Dana Admin', role: 'PACS admin', fingerprint: 'ab' }, reviewers: [], passed: true, counts: null, findings: 2,
  supersedes: null, supersededBy: [], hash: 'h', note: '', ...extra,
});

describe('recordMatches', () => {
  it('finds a record by server, person, co-signer, outcome, position and correction', () => {
    const r = record({ reviewers: [{ name: 'Kim Reviewer', role: 'CISO', fingerprint: 'cd', signedAt: '2026-03-01T11:00:00.000Z' }], supersedes: 'rec-1' });
    for (const q of ['127.0.0.1:4242', 'dana', 'kim', 'ciso', 'verified fixed', '#3', 'correction', '2026-03-01']) expect(recordMatches(r, q), q).toBe(true);
    expect(recordMatches(r, 'never re-checked')).toBe(false);
    expect(recordMatches(record({ passed: null }), 'never re-checked')).toBe(true);
    expect(recordMatches(r, 'superseded')).toBe(false);
  });
});
