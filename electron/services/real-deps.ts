/**
 * The real modules behind the services: the store, the inventory parser and the
 * practice lab (the engine is the scan runner's default, electron/scan-run.ts). The
 * only file of the service layer that imports them, so the types the services expect
 * are checked against the real signatures here, once.
 */
import type { ScanSummary } from '../../shared/contract';
import { startPracticeLab } from '../practice-lab/practice';
import { chromiumPdfRenderer, type PdfRenderer } from '../records/pdf';
import type { SecretBox } from '../records/secret-box';
import type { ScryptParams } from '../records/key-file';
import { createRecordsService } from '../records/service';
import { createExportsService } from '../exports/service';
import { parseInventoryCsv } from '../remediation/inventory-csv';
import { createRemediationService } from '../remediation/service';
import { openStore, type Store } from '../store';
import { createPeersService } from '../peers/service';
import type { AppDeps } from './app-services';
import type { ScanStore } from './scan-store';

/** The store's scan list, widened to the contract's summary: one query, no report loaded (scans-repo listScans). */
function summaries(store: Store, isRunning: (id: string) => boolean, limit?: number): ScanSummary[] {
  return store.listScans(limit).map((item) => {
    const state: ScanSummary['state'] = isRunning(item.id)
      ? 'running'
      : item.finishedAt === null || item.error !== undefined
        ? 'failed' // ended with an error, or never finished (the process died)
        : item.cancelled
          ? 'cancelled'
          : 'finished';
    return {
      id: item.id,
      state,
      startedAt: item.startedAt,
      ...(item.finishedAt !== null ? { finishedAt: item.finishedAt } : {}),
      vantage: item.vantage,
      targets: item.targets,
      ports: item.ports,
      services: item.services,
      fail: item.fail,
      ...(item.error !== undefined ? { error: item.error } : {}),
    };
  });
}

/** Adapts the store to the services' ScanStore port. */
/** What signed records need from the shell: the OS keychain (absent outside Electron) and a PDF maker. */
export interface RecordsExtras {
  secretBox?: SecretBox;
  /** Default: the machine's Chromium, headless (the web bridge, tests). The app passes Electron's printToPDF. */
  pdf?: PdfRenderer;
  /** scrypt cost of new app-held keys; the default (key-file.ts) everywhere but tests that make many keys. */
  scrypt?: ScryptParams;
}

export function scanStoreOn(store: Store, toolVersion: string, extras: RecordsExtras = {}): ScanStore & { running: Set<string> } {
  const running = new Set<string>();
  return {
    running,
    beginScan: (meta) => {
      store.beginScan(meta);
      running.add(meta.id);
    },
    saveService: (id, service) => store.saveService(id, service),
    finishScan: (id, finishedAt, cancelled, error) => {
      running.delete(id);
      store.finishScan(id, finishedAt, cancelled, error);
    },
    getScan: (id) => store.getScan(id),
    listScans: (limit) => summaries(store, (id) => running.has(id), limit),
    remediation: createRemediationService(store),
    peers: createPeersService(store.db),
    records: createRecordsService(store, { secretBox: extras.secretBox, pdf: extras.pdf ?? chromiumPdfRenderer(), toolVersion, ...(extras.scrypt ? { scrypt: extras.scrypt } : {}) }),
    exports: createExportsService(store, toolVersion),
    internetStore: store,
    close: () => store.close(),
  };
}

export function realDeps(version: string, extras: RecordsExtras = {}): AppDeps {
  return {
    // The real engine and the system's resolver (the scan runner's defaults).
    engine: { parseInventoryCsv: (text) => parseInventoryCsv(text, 'inventory') },
    openStore: (file) => scanStoreOn(openStore(file), version, extras),
    startPracticeLab: () => startPracticeLab(),
  };
}
