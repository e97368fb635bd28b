/** The remediation repositories: inventory (all-or-nothing import, edits), checklist history, verifications, windows; and a restart (close + reopen) keeps them. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, StoreError, type Store } from '../../../electron/store';
import type { VerificationRecord } from '../../../shared/remediation';
import { dicomService, tempDirs } from './helpers';

const dirs = tempDirs();
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  dirs.cleanup();
});
function fresh(file = ':memory:'): Store {
  const s = openStore(file);
  stores.push(s);
  return s;
}

const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-01T11:00:00.000Z';
const T2 = '2025-03-01T12:00:00.000Z';

describe('inventory', () => {
  const nodes = [
    { aeTitle: 'CT1', host: '10.200.0.5', port: 104, role: 'modality', description: 'CT room 1' },
    { aeTitle: 'WS1', host: '10.200.0.6', port: 104, role: 'workstation', description: '' },
  ];

  it('imports, merges (updates role/description, keeps the rest) and replaces on request', () => {
    const s = fresh();
    expect(s.inventory.importNodes(nodes, { replace: false, at: T0 })).toEqual({ added: 2, updated: 0, unchanged: 0, removed: 0 });
    const again = [{ ...nodes[0]!, role: 'CT modality' }, { aeTitle: 'PACS', host: '10.200.0.2', port: 11112, role: 'pacs', description: '' }];
    expect(s.inventory.importNodes(again, { replace: false, at: T1 })).toEqual({ added: 1, updated: 1, unchanged: 0, removed: 0 });
    expect(s.inventory.list().map((n) => [n.aeTitle, n.role, n.updatedAt])).toEqual([['CT1', 'CT modality', T1], ['PACS', 'pacs', T1], ['WS1', 'workstation', T0]]);
    expect(s.inventory.importNodes(again, { replace: true, at: T2 })).toEqual({ added: 0, updated: 0, unchanged: 2, removed: 1 });
    expect(s.inventory.list().map((n) => n.aeTitle)).toEqual(['CT1', 'PACS']);
  });

  it('an import that fails half-way changes nothing', () => {
    const s = fresh();
    s.inventory.importNodes(nodes, { replace: false, at: T0 });
    const before = s.inventory.list();
    const bad = [{ aeTitle: 'NEW1', host: '10.200.0.9', port: 104, role: '', description: '' }, { ...nodes[0]!, role: 'changed' }, { aeTitle: 'BAD', host: '10.200.0.10', port: 70000, role: '', description: '' }];
    expect(() => s.inventory.importNodes(bad, { replace: true, at: T1 })).toThrow(StoreError);
    expect(s.inventory.list()).toEqual(before);
  });

  it('adds, edits and removes single nodes; refuses a duplicate', () => {
    const s = fresh();
    const a = s.inventory.upsert(nodes[0]!, T0);
    expect(a).toMatchObject({ id: expect.any(Number) as number, aeTitle: 'CT1', updatedAt: T0 });
    const same = s.inventory.upsert({ ...nodes[0]!, description: 'moved' }, T1);
    expect(same.id).toBe(a.id);
    expect(same.description).toBe('moved');
    const b = s.inventory.upsert(nodes[1]!, T0);
    expect(() => s.inventory.upsert({ ...nodes[1]!, id: a.id }, T1)).toThrow(/already has WS1 at 10.200.0.6:104/);
    const edited = s.inventory.upsert({ ...nodes[0]!, id: a.id, aeTitle: 'CT2', port: 4242 }, T2);
    expect(edited).toMatchObject({ id: a.id, aeTitle: 'CT2', port: 4242 });
    expect(() => s.inventory.upsert({ ...nodes[0]!, id: 999 }, T2)).toThrow(/no inventory node 999/);
    expect(s.inventory.remove(b.id)).toBe(true);
    expect(s.inventory.remove(b.id)).toBe(false);
    expect(s.inventory.list().map((n) => n.aeTitle)).toEqual(['CT2']);
  });
});

describe('checklists', () => {
  const server = { host: '10.200.0.2', port: 11112 };

  it('keeps every change in order; the state of an item is its latest change', () => {
    const s = fresh();
    s.checklists.append(server, { kind: 'step', item: 'dicom.any-calling-ae/orthanc/config', done: true, actor: 'alice', note: 'edited orthanc.json', at: T0, shown: null });
    s.checklists.append(server, { kind: 'attestation', item: 'manual.mfa', done: true, actor: 'bob', note: 'MFA via SSO', at: T1, shown: null });
    s.checklists.append(server, { kind: 'step', item: 'dicom.any-calling-ae/orthanc/config', done: false, actor: 'bob', note: 'rolled back', at: T2, shown: null });
    s.checklists.append({ host: '10.200.0.3', port: 104 }, { kind: 'step', item: 'x/y', done: true, actor: 'carol', note: '', at: T2, shown: null });
    const c = s.checklists.get(server);
    expect(c.steps).toEqual([{ stepId: 'dicom.any-calling-ae/orthanc/config', done: false, by: 'bob', at: T2, note: 'rolled back', shown: null }]);
    expect(c.attestations).toEqual([{ id: 'manual.mfa', attested: true, by: 'bob', at: T1, note: 'MFA via SSO', shown: null }]);
    expect(c.history.map((e) => [e.kind, e.item, e.done, e.by])).toEqual([
      ['step', 'dicom.any-calling-ae/orthanc/config', true, 'alice'],
      ['attestation', 'manual.mfa', true, 'bob'],
      ['step', 'dicom.any-calling-ae/orthanc/config', false, 'bob'],
    ]);
    expect(c.history[0]!.seq).toBeLessThan(c.history[1]!.seq);
    expect(s.checklists.doneSteps(server).size).toBe(0);
    expect(s.checklists.doneSteps({ host: '10.200.0.3', port: 104 })).toEqual(new Set(['x/y']));
  });

  it('refuses an unknown attestation, a missing actor, a bad time', () => {
    const s = fresh();
    expect(() => s.checklists.append(server, { kind: 'attestation', item: 'manual.firewall', done: true, actor: 'a', note: '', at: T0, shown: null })).toThrow(/not a manual attestation/);
    expect(() => s.checklists.append(server, { kind: 'step', item: 'a/b', done: true, actor: '  ', note: '', at: T0, shown: null })).toThrow(/who made the change/);
    expect(() => s.checklists.append(server, { kind: 'step', item: 'a/b', done: true, actor: 'a', note: '', at: 'yesterday', shown: null })).toThrow(/ISO-8601/);
    expect(s.checklists.get(server).history).toEqual([]);
  });
});

function verification(id: string, at: string, passed: boolean): VerificationRecord {
  const before = dicomService('10.200.0.2', 11112, 'fail');
  const after = dicomService('10.200.0.2', 11112, 'pass');
  return {
    id,
    service: { host: '10.200.0.2', port: 11112 },
    before: { scanId: 'scan-1', at: T0, vantage: { label: 'guest', untrusted: true }, state: 'open', protocol: 'dicom' },
    after: { at, finishedAt: at, vantage: { label: 'guest', untrusted: true }, state: 'open', protocol: 'dicom' },
    checks: [{ id: 'dicom.any-calling-ae', severity: 'high', before: 'fail', after: 'pass', verdict: 'fixed', note: 'failed before, passes now', evidence: {} }],
    unverified: [],
    counts: { fixed: 1, 'still-failing': 0, regressed: 0, 'still-passing': 0, inconclusive: 0 },
    passed,
    beforeService: before,
    afterService: after,
  };
}

describe('verifications and windows survive a restart', () => {
  it('saves verifications with their evidence; lists newest first; finds the latest in a time range', () => {
    const file = path.join(dirs.make(), 'c.db');
    const s = fresh(file);
    s.verifications.save(verification('v1', T1, false));
    s.verifications.save(verification('v2', T2, true));
    expect(() => s.verifications.save(verification('v2', T2, true))).toThrow(/already exists/);
    s.maintenanceWindows.create({ id: 'w1', name: 'Saturday night', startsAt: T0, endsAt: '2025-03-01T14:00:00.000Z', createdAt: T0, servers: [{ host: '10.200.0.2', port: 11112 }, { host: '10.200.0.3', port: 104 }] });
    s.close();

    const again = fresh(file);
    const v = again.verifications.get('v1')!;
    expect(v.beforeService.checks.find((c) => c.id === 'dicom.any-calling-ae')!.status).toBe('fail');
    expect(v.afterService.checks.find((c) => c.id === 'dicom.any-calling-ae')!.status).toBe('pass');
    expect(v.checks[0]!.verdict).toBe('fixed');
    expect(again.verifications.list({ host: '10.200.0.2', port: 11112 }).map((x) => x.id)).toEqual(['v2', 'v1']);
    expect(again.verifications.latestBetween({ host: '10.200.0.2', port: 11112 }, T0, '2025-03-01T11:30:00.000Z')!.id).toBe('v1');
    expect(again.verifications.latestBetween({ host: '10.200.0.2', port: 11112 }, '2025-03-01T13:00:00.000Z', '2025-03-01T14:00:00.000Z')).toBeUndefined();
    expect(again.maintenanceWindows.list()).toEqual([{ id: 'w1', name: 'Saturday night', startsAt: T0, endsAt: '2025-03-01T14:00:00.000Z', createdAt: T0, servers: [{ host: '10.200.0.2', port: 11112 }, { host: '10.200.0.3', port: 104 }] }]);
    expect(again.maintenanceWindows.get('nope')).toBeUndefined();
  });

  it('refuses a window that ends before it starts, or lists a server twice, and keeps nothing of it', () => {
    const s = fresh();
    expect(() => s.maintenanceWindows.create({ id: 'w', name: 'n', startsAt: T1, endsAt: T0, createdAt: T0, servers: [] })).toThrow(/end after it starts/);
    expect(() => s.maintenanceWindows.create({ id: 'w', name: 'n', startsAt: T0, endsAt: T1, createdAt: T0, servers: [{ host: 'a', port: 1 }, { host: 'a', port: 1 }] })).toThrow(StoreError);
    expect(s.maintenanceWindows.list()).toEqual([]);
  });
});
