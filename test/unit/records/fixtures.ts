/**
 * Shared fixtures of the records tests: a store holding one server's whole remediation
 * story (scan with a failing check, checklist steps, an attestation, a verification that
 * found it fixed, a maintenance window), and operator keys. No patient data.
 */
import { renderChecklist } from '../../../shared/playbooks';
import type { VerificationRecord } from '../../../shared/remediation';
import type { ServiceResult, Vantage } from '../../../shared/types';
import { compareServices } from '../../../shared/verdict';
import { buildDraft, storeSource } from '../../../electron/records/build';
import { shownAttestation, shownStep } from '../../../electron/remediation/shown';
import { generateKeyPair, signingKey, type SigningKey } from '../../../electron/records/keys';
import { newRecordId } from '../../../electron/records/repo';
import type { RecordDraft } from '../../../electron/records/types';
import type { Store } from '../../../electron/store';
import { dicomService } from '../store/helpers';

export const HOST = '127.0.0.1';
export const PORT = 11112;
export const VANTAGE: Vantage = { label: 'radiology VLAN', untrusted: false };

/** A fresh operator key (in memory; no key file). */
export function operatorKey(name: string, role: string): SigningKey {
  return signingKey(generateKeyPair().privateKey, name, role);
}

/** A verification of `before` against `after`, shaped as engine/verify.ts makes it. */
export function verificationOf(id: string, before: { scanId: string; at: string; vantage: Vantage; service: ServiceResult }, after: ServiceResult, at: string): VerificationRecord {
  const cmp = compareServices(before.service, after, VANTAGE);
  return {
    id,
    service: { host: after.host, port: after.port },
    before: { scanId: before.scanId, at: before.at, vantage: before.vantage, state: before.service.state, ...(before.service.protocol ? { protocol: before.service.protocol } : {}) },
    after: { at, finishedAt: at.replace(/\.\d{3}Z$/, '.900Z'), vantage: VANTAGE, state: after.state, ...(after.protocol ? { protocol: after.protocol } : {}) },
    checks: cmp.checks,
    unverified: cmp.unverified,
    counts: cmp.counts,
    passed: cmp.passed,
    ...(cmp.unreachable ? { unreachable: cmp.unreachable } : {}),
    beforeService: before.service,
    afterService: after,
  };
}

/** Scans `host:port` once (the check failing) at `at`. */
export function seedScan(store: Store, scanId: string, at: string, host = HOST, port = PORT, anyCaller: 'fail' | 'pass' = 'fail'): ServiceResult {
  const service = dicomService(host, port, anyCaller);
  store.beginScan({ id: scanId, startedAt: at, vantage: VANTAGE, targets: [host], ports: [port], toolVersion: '0.1.0' });
  store.saveService(scanId, service);
  store.finishScan(scanId, at.replace(/\.\d{3}Z$/, '.500Z'), false);
  return service;
}

/** The whole story of one server: scan, steps, attestation, window, verification. Returns the step ids ticked. */
export function seedStory(store: Store, host = HOST, port = PORT): { stepIds: string[] } {
  const service = seedScan(store, `scan-${host}-${port}`, '2025-03-01T10:00:00.000Z', host, port);
  const checklist = renderChecklist({ service, inventory: [], vantage: VANTAGE });
  const stepIds = checklist.stepIds.slice(0, 2);
  // Each change keeps what the admin was shown, rendered as the remediation service renders it.
  const step = (id: string) => shownStep(store, { host, port }, id);
  store.checklists.append({ host, port }, { kind: 'step', item: stepIds[0]!, done: true, actor: 'Ada Admin', note: 'edited orthanc.json', at: '2025-03-01T11:00:00.000Z', shown: step(stepIds[0]!) });
  store.checklists.append({ host, port }, { kind: 'step', item: stepIds[1]!, done: true, actor: 'Ada Admin', note: '', at: '2025-03-01T11:05:00.000Z', shown: step(stepIds[1]!) });
  store.checklists.append({ host, port }, { kind: 'attestation', item: 'manual.patch-level', done: true, actor: 'Ada Admin', note: 'Orthanc 1.10.1, vendor bulletin 2025-02', at: '2025-03-01T11:10:00.000Z', shown: shownAttestation('manual.patch-level') });
  store.maintenanceWindows.create({
    id: `win-${host}-${port}`, name: 'March maintenance', startsAt: '2025-03-01T09:00:00.000Z', endsAt: '2025-03-01T13:00:00.000Z', createdAt: '2025-02-20T08:00:00.000Z',
    servers: [{ host, port }],
  });
  const before = store.latestService(host, port)!;
  store.verifications.save(verificationOf(`ver-${host}-${port}`, before, fixedService(host, port), '2025-03-01T12:00:00.000Z'));
  return { stepIds };
}

/** The server after the fix: unknown callers refused, the query check passing too. */
export function fixedService(host = HOST, port = PORT): ServiceResult {
  const s = dicomService(host, port, 'pass');
  return {
    ...s,
    checks: s.checks.map((c) => (c.id === 'dicom.query-open' ? { ...c, status: 'pass' as const, summary: 'The C-FIND was refused', evidence: { outcome: 'association-rejected' } } : c)),
  };
}

/** A draft record of the seeded server signed by `key`. */
export function draftFor(store: Store, key: SigningKey, opts: { host?: string; port?: number; supersedes?: string | null; createdAt?: string; note?: string } = {}): RecordDraft {
  return buildDraft(storeSource(store), { host: opts.host ?? HOST, port: opts.port ?? PORT }, {
    id: newRecordId(),
    createdAt: opts.createdAt ?? '2025-03-01T12:30:00.000Z',
    toolVersion: '0.1.0',
    operator: { name: key.name, role: key.role, fingerprint: key.fingerprint },
    note: opts.note ?? 'Calling AE restricted to the modality list.',
    supersedes: opts.supersedes ?? null,
  });
}
