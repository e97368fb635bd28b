/**
 * The store: insert 100,000 check results the way a scan does (one transaction per
 * service, through the real repository), then read them back: the whole scan
 * report, the scan list, and latest-service lookups.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG, CHECK_IDS, type CheckStatus } from '../shared/catalog';
import type { CheckResult, ServiceResult } from '../shared/types';
import { openStore } from '../electron/store';

export interface StoreResult {
  checks: number;
  services: number;
  insertMs: number;
  /** getScan of the whole scan (every check back), ms. */
  getScanMs: number;
  listScansMs: number;
  /** 1000 latestService lookups, ms in all. */
  latestServiceMs: number;
  /** CPU time (user + system) of the insert and of getScan, ms: on a loaded machine the wall time mostly measures waiting for a core. */
  insertCpuMs: number;
  getScanCpuMs: number;
  dbBytes?: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

const STATUSES: CheckStatus[] = ['fail', 'pass', 'inconclusive', 'not-applicable', 'skipped'];

function serviceAt(i: number): ServiceResult {
  const checks: CheckResult[] = CHECK_IDS.map((id, k) => ({
    id,
    status: STATUSES[(i + k) % STATUSES.length]!,
    severity: CATALOG[id].severity,
    summary: `benchmark result ${k} of service ${i}`,
    evidence: { calledAe: 'PACS', callingAe: 'CLMBENCH', attempt: { outcome: 'association-rejected', reason: [1, 1, 3] } },
    attack: [],
  }));
  return {
    host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    port: 104,
    state: 'open',
    protocol: 'dicom',
    product: { name: 'Orthanc', version: '1.10.1' },
    checks,
  };
}

export function storeBench(totalChecks = 100_000): StoreResult {
  const dir = mkdtempSync(join(tmpdir(), 'collimator-bench-store-'));
  const file = join(dir, 'store.db');
  try {
    const store = openStore(file);
    try {
      const perService = CHECK_IDS.length;
      const services = Math.ceil(totalChecks / perService);
      const id = 'bench-scan';
      let t = performance.now();
      let c = process.cpuUsage();
      store.beginScan({ id, startedAt: new Date().toISOString(), vantage: { label: 'bench', untrusted: false }, targets: ['10.200.0.0/16'], ports: [104], toolVersion: 'bench' });
      for (let i = 0; i < services; i++) store.saveService(id, serviceAt(i));
      store.finishScan(id, new Date().toISOString(), false);
      const insertMs = performance.now() - t;
      const insertCpuMs = cpuMs(c);
      t = performance.now();
      c = process.cpuUsage();
      const report = store.getScan(id);
      const getScanMs = performance.now() - t;
      const getScanCpuMs = cpuMs(c);
      const checks = report?.services.reduce((n, s) => n + s.checks.length, 0) ?? 0;
      t = performance.now();
      store.listScans();
      const listScansMs = performance.now() - t;
      t = performance.now();
      for (let k = 0; k < 1000; k++) store.latestService(serviceAt((k * 7919) % services).host, 104);
      const latestServiceMs = performance.now() - t;
      const pageCount = Number(store.db.pragma('page_count', { simple: true }));
      const pageSize = Number(store.db.pragma('page_size', { simple: true }));
      return { checks, services, insertMs, getScanMs, listScansMs, latestServiceMs, insertCpuMs, getScanCpuMs, dbBytes: pageCount * pageSize };
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
