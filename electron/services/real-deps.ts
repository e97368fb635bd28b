/**
 * The real modules behind the services: the engine, the store, the inventory parser
 * and the practice lab. The only file of the service layer that imports them, so the
 * types the services expect are checked against the real signatures here, once.
 */
import type { ScanSummary } from '../../shared/contract';
import { calledAeKey, canonicalHost } from '../../shared/host';
import type { InventoryNode } from '../../shared/types';
import { startPracticeLab } from '../lab/practice';
import { defaultProbeOptions } from '../engine/options';
import { DEFAULT_PORTS } from '../engine/ports';
import { runScan } from '../engine/scan';
import { chromiumPdfRenderer, type PdfRenderer } from '../records/pdf';
import type { SecretBox } from '../records/secret-box';
import { createRecordsService } from '../records/service';
import { parseInventoryCsv } from '../remediation/inventory-csv';
import { createRemediationService } from '../remediation/service';
import { openStore, type Store } from '../store';
import type { AppDeps } from './app-services';
import type { ScanStore } from './scan-store';

/** The store's scan list, widened to the contract's summary (state, targets, ports, fails by severity). */
function summaries(store: Store, isRunning: (id: string) => boolean, limit?: number): ScanSummary[] {
  const out: ScanSummary[] = [];
  for (const item of store.listScans(limit)) {
    const report = store.getScan(item.id);
    if (!report) continue;
    const state: ScanSummary['state'] = isRunning(item.id)
      ? 'running'
      : item.finishedAt === null
        ? 'failed' // never finished: the process died, or the scan failed before saving its end
        : report.scan.cancelled === true
          ? 'cancelled'
          : 'finished';
    out.push({
      id: item.id,
      state,
      startedAt: item.startedAt,
      ...(item.finishedAt !== null ? { finishedAt: item.finishedAt } : {}),
      vantage: item.vantage,
      targets: report.scan.targets,
      ports: report.scan.ports,
      services: item.services,
      fail: report.summary.fail,
    });
  }
  return out;
}

/** Adapts the store to the services' ScanStore port. */
/** What signed records need from the shell: the OS keychain (absent outside Electron) and a PDF maker. */
export interface RecordsExtras {
  secretBox?: SecretBox;
  /** Default: the machine's Chromium, headless (the web bridge, tests). The app passes Electron's printToPDF. */
  pdf?: PdfRenderer;
}

export function scanStoreOn(store: Store, toolVersion: string, extras: RecordsExtras = {}): ScanStore & { running: Set<string> } {
  const running = new Set<string>();
  return {
    running,
    beginScan: (s) => {
      store.beginScan({ ...s, toolVersion });
      running.add(s.id);
    },
    saveService: (id, service) => store.saveService(id, service),
    finishScan: (id, end) => {
      running.delete(id);
      store.finishScan(id, end.finishedAt, end.cancelled);
    },
    getScan: (id) => store.getScan(id),
    listScans: (limit) => summaries(store, (id) => running.has(id), limit),
    remediation: createRemediationService(store),
    records: createRecordsService(store, { secretBox: extras.secretBox, pdf: extras.pdf ?? chromiumPdfRenderer(), toolVersion }),
    close: () => store.close(),
  };
}

export function realDeps(version: string, extras: RecordsExtras = {}): AppDeps {
  return {
    engine: {
      runScan: (req, hooks) => runScan(req, hooks),
      defaultProbeOptions: (partial) =>
        defaultProbeOptions({
          ...partial,
          ...(partial.inventory ? { inventory: partial.inventory.map((n: InventoryNode) => ({ ...n, host: canonicalHost(n.host) })) } : {}),
        }),
      defaultPorts: DEFAULT_PORTS,
      parseInventoryCsv: (text) => parseInventoryCsv(text, 'inventory'),
      calledAeKey,
    },
    openStore: (file) => scanStoreOn(openStore(file), version, extras),
    startPracticeLab: () => startPracticeLab(),
  };
}
