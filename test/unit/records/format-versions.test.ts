/**
 * Record formats (issues 11, 17, 14 and 13): this version writes `collimator.record/4`
 * (`/3`, the checklist grouped by action with the peers, and `internet`: the closures
 * seen from the internet attached to the server); records of
 * `collimator.record/1`, `/2` and `/3` signed by older versions keep verifying, in a
 * database's chain and in an export, next to new ones. Each format has exactly its own fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExport, exportText } from '../../../electron/records/export-json';
import { recordShapeProblem } from '../../../electron/records/record-schema';
import { createRecordsRepo, type RecordsRepo } from '../../../electron/records/repo';
import { renderReportHtml } from '../../../electron/records/report-html';
import type { RecordDraft, StoredRecord } from '../../../electron/records/types';
import { verifyExportText } from '../../../electron/records/verify-export';
import { openStore, type Store } from '../../../electron/store';
import { draftFor, operatorKey, seedStory } from './fixtures';

const ada = operatorKey('Ada Admin', 'PACS administrator');
let store: Store;
let repo: RecordsRepo;
let v1: StoredRecord;
let v2: StoredRecord;
let v3: StoredRecord;
let v4: StoredRecord;

/** A draft as version 1 wrote it: no snippet on steps, no list of steps never ticked. */
function asV1(d: RecordDraft): RecordDraft {
  const { peers: _peers, internet: _i, ...rest } = d; // issue 14: `peers` is /3's; issue 13: `internet` /4's
  return {
    ...rest,
    format: 'collimator.record/1',
    checklist: { steps: d.checklist.steps.map(({ snippet: _drop, findings: _f, ...s }) => s), progress: d.checklist.progress, history: d.checklist.history },
  };
}

/** A draft as version 2 wrote it: steps and steps never ticked without the findings they address. */
function asV2(d: RecordDraft): RecordDraft {
  const { peers: _p, internet: _i, ...rest } = d;
  return {
    ...rest,
    format: 'collimator.record/2',
    checklist: {
      ...d.checklist,
      steps: d.checklist.steps.map(({ findings: _f, ...s }) => s),
      notTicked: (d.checklist.notTicked ?? []).map(({ findings: _f, ...s }) => s),
    },
  };
}

/** A draft as version 3 wrote it: no `internet`. */
function asV3(d: RecordDraft): RecordDraft {
  const { internet: _i, ...rest } = d;
  return { ...rest, format: 'collimator.record/3' };
}

beforeAll(() => {
  store = openStore(':memory:');
  repo = createRecordsRepo(store.db);
  seedStory(store);
  v1 = repo.signoff(asV1(draftFor(store, ada, { createdAt: '2025-03-01T12:30:00.000Z' })), ada);
  v2 = repo.signoff(asV2(draftFor(store, ada, { createdAt: '2025-03-01T12:40:00.000Z', supersedes: null })), ada);
  v3 = repo.signoff(asV3(draftFor(store, ada, { createdAt: '2025-03-01T12:50:00.000Z', supersedes: null })), ada);
  v4 = repo.signoff(draftFor(store, ada, { createdAt: '2025-03-01T12:55:00.000Z', supersedes: null }), ada);
});
afterAll(() => store.close());

describe('record formats', () => {
  it('writes format 4: format 3 and the closures seen from the internet', () => {
    expect(v4.body.format).toBe('collimator.record/4');
    expect(v4.body.internet).toEqual({ closures: [] });
    expect(recordShapeProblem(v4.body)).toBeUndefined();
    const v3WithInternet = { ...structuredClone(v3.body), internet: { closures: [] } };
    expect(recordShapeProblem(v3WithInternet)).toMatch(/internet/);
  });

  it('format 3: the snippet shown, the steps never ticked, and the findings each step addresses', () => {
    expect(v3.body.format).toBe('collimator.record/3');
    expect(v3.body.checklist.steps.every((s) => s.snippet !== undefined && Array.isArray(s.findings))).toBe(true);
    expect(v3.body.checklist.notTicked).toEqual(expect.any(Array));
    expect((v3.body.checklist.notTicked ?? []).every((s) => Array.isArray(s.findings) && s.findings.length > 0)).toBe(true);
    expect(recordShapeProblem(v3.body)).toBeUndefined();
    // Issue 14's part of /3: the peers (acknowledgements, still accepted) are a field of their own.
    expect(Array.isArray(v3.body.peers?.acknowledgements)).toBe(true);
    const v3WithoutPeers = structuredClone(v3.body) as unknown as Record<string, unknown>;
    delete v3WithoutPeers.peers;
    expect(recordShapeProblem(v3WithoutPeers)).toMatch(/^record\.peers/);
    expect(recordShapeProblem(v2.body)).toBeUndefined();
  });

  it('format-1, format-2 and format-3 records signed before keep verifying next to format-4 records, in the chain and exported', () => {
    expect(v1.body.format).toBe('collimator.record/1');
    expect(recordShapeProblem(v1.body)).toBeUndefined();
    expect(repo.verifyChain()).toEqual([]);
    const report = verifyExportText(exportText(buildExport([v1, v2, v3, v4], 'chain', { toolVersion: '0.1.0', exportedAt: '2025-03-02T08:00:00.000Z' })));
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.records.map((r) => r.intact)).toEqual([true, true, true, true]);
  });

  it('each format has exactly its own fields; an unknown format is named', () => {
    const withSnippet = structuredClone(v1.body) as unknown as { checklist: { steps: Array<Record<string, unknown>> } };
    withSnippet.checklist.steps[0]!.snippet = null;
    expect(recordShapeProblem(withSnippet)).toMatch(/^record\.checklist\.steps\[0\]/);
    const withoutNotTicked = structuredClone(v2.body) as unknown as { checklist: Record<string, unknown> };
    delete withoutNotTicked.checklist.notTicked;
    expect(recordShapeProblem(withoutNotTicked)).toMatch(/^record\.checklist\.notTicked/);
    const v2WithFindings = structuredClone(v2.body) as unknown as { checklist: { steps: Array<Record<string, unknown>> } };
    v2WithFindings.checklist.steps[0]!.findings = [];
    expect(recordShapeProblem(v2WithFindings)).toMatch(/^record\.checklist\.steps\[0\]/);
    const v3WithoutFindings = structuredClone(v3.body) as unknown as { checklist: { steps: Array<Record<string, unknown>> } };
    delete v3WithoutFindings.checklist.steps[0]!.findings;
    expect(recordShapeProblem(v3WithoutFindings)).toMatch(/^record\.checklist\.steps\[0\]\.findings/);
    expect(recordShapeProblem({ ...v2.body, format: 'collimator.record/5' })).toMatch(/^record\.format: .*collimator\.record\/1.*collimator\.record\/2.*collimator\.record\/3.*collimator\.record\/4/);
  });

  it('the report says where each record\'s step words come from', () => {
    const html = renderReportHtml([v1, v2, v3], { generatedAt: '2025-03-02T08:00:00.000Z', toolVersion: '0.1.0' });
    expect(html).toContain('Step words as rendered when the record was signed (record format 1).');
    expect(html).toContain('Step words and snippets as shown to the admin when the step was ticked or unticked.');
  });
});
