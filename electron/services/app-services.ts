/**
 * The app's service layer, built once per process (the Electron app, or one web
 * bridge): the store, the scan manager, the practice lab. Handlers reach everything
 * through this object; `close()` is what quitting runs.
 */
import type { AppInfo } from '../../shared/contract';
import type { RecordsService } from '../records/service';
import type { RemediationService } from '../remediation/service';
import type { ExportsService } from '../exports/service';
import { AppError } from './errors';
import type { EventSink } from './events';
import { PracticeLabManager, type StartPracticeLab } from './practice-lab-manager';
import { publicScopeGate, refusePublicScope, type PublicScopeConfirmer, type PublicScopeGate } from './public-scope';
import { ScanManager, type ScanEngine } from './scan-manager';
import type { ScanStore } from './scan-store';
import type { PeersService } from '../peers/service';
import { InternetManager } from './internet-manager';

export interface AppServicesOptions {
  /** The SQLite database file (created when missing). */
  dbPath: string;
  /** The app's version, for `app:info` and the About box. */
  version: string;
  transport: AppInfo['transport'];
  emit: EventSink;
  /** Asks a person before any scan or re-check reaches public addresses [refuse them all]. */
  confirmPublicScope?: PublicScopeConfirmer;
  /** The private folder for the Internet view's uploads [upload-temp.ts uploadRoot()]. */
  uploadRoot?: string;
}

/** The modules behind the services; real-deps.ts gives the real ones. */
export interface AppDeps {
  engine: ScanEngine;
  openStore(file: string): ScanStore;
  startPracticeLab: StartPracticeLab;
}

export interface AppServices {
  info(): AppInfo;
  readonly scans: ScanManager;
  readonly practiceLab: PracticeLabManager;
  /** Decides `allowPublic` for scans and re-checks by asking the person, never the page. */
  readonly publicScope: PublicScopeGate;
  /** Inventory, checklists, verification, maintenance windows (issue 5); throws AppError `unavailable` when the store offers none. */
  remediation(): RemediationService;
  /** Operators and signed records (issue 6); throws AppError `unavailable` when the store offers none. */
  records(): RecordsService;
  /** Peers learned from logs and captures (issue 14); throws AppError `unavailable` when the store offers none. */
  peers(): PeersService;
  /** Exports for other tools (issue 13); throws AppError `unavailable` when the store offers none. */
  exports(): ExportsService;
  /** The internet's view (issue 13); throws AppError `unavailable` when the store offers none. */
  internet(): InternetManager;
  /** Cancels scans, stops the lab, closes the database. Bounded: resolves within about `timeoutMs`. */
  close(timeoutMs?: number): Promise<void>;
}

export function createAppServices(opts: AppServicesOptions, deps: AppDeps): AppServices {
  const store = deps.openStore(opts.dbPath);
  const publicScope = publicScopeGate(opts.confirmPublicScope ?? refusePublicScope);
  const scans = new ScanManager(deps.engine, store, opts.emit, publicScope);
  const practiceLab = new PracticeLabManager(deps.startPracticeLab);
  let closing: Promise<void> | undefined;
  const internet = store.internetStore ? new InternetManager(store.internetStore, opts.emit, undefined, opts.uploadRoot) : undefined;
  // Uploads a crash left behind (older than an hour; only our own, in our private folder).
  const swept = internet?.sweepStaleUploads();
  if (swept && swept.removed.length > 0) console.error(`collimator: removed ${swept.removed.length} unfinished upload${swept.removed.length === 1 ? '' : 's'} left from an earlier run`);
  return {
    scans,
    practiceLab,
    publicScope,
    remediation() {
      if (!store.remediation) throw new AppError('unavailable', 'remediation is not available with this database');
      return store.remediation;
    },
    records() {
      if (!store.records) throw new AppError('unavailable', 'signed records are not available with this database');
      return store.records;
    },
    peers() {
      if (!store.peers) throw new AppError('unavailable', 'learning peers is not available with this database');
      return store.peers;
    },
    exports() {
      if (!store.exports) throw new AppError('unavailable', 'exports are not available with this database');
      return store.exports;
    },
    internet() {
      if (!internet) throw new AppError('unavailable', "the internet's view is not available with this database");
      return internet;
    },
    info: () => ({ version: opts.version, dbPath: opts.dbPath, platform: process.platform, practiceLabRunning: practiceLab.running, transport: opts.transport }),
    close(timeoutMs = 5000) {
      closing ??= (async () => {
        await scans.stopAll(timeoutMs);
        store.remediation?.abortAll();
        internet?.stopAll();
        await withDeadline(practiceLab.stop(), timeoutMs).catch((err: unknown) => console.error(`collimator: stopping the practice lab: ${String(err)}`));
        store.close();
      })();
      return closing;
    },
  };
}

/** Resolves when `p` settles or after `ms`, whichever is first: quitting never hangs on a stuck child. */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() => clearTimeout(timer));
}
