/**
 * What the app's services need from the database (a port, in the hexagonal sense).
 * real-deps.ts adapts the real store (electron/store) to it; keeping the surface this
 * small lets the scan manager be read, and tested, without SQL in mind.
 */
import type { ScanSummary } from '../../shared/contract';
import type { ScanReport, ServiceResult, Vantage } from '../../shared/types';
import type { RecordsService } from '../records/service';
import type { RemediationService } from '../remediation/service';

/** A scan as it starts: what the user asked for. */
export interface ScanStart {
  id: string;
  /** ISO-8601. */
  startedAt: string;
  vantage: Vantage;
  targets: string[];
  ports: number[];
}

/** How a scan ended. */
export interface ScanEnd {
  /** ISO-8601. */
  finishedAt: string;
  cancelled: boolean;
  /** Why it stopped early, in words, when it failed. */
  error?: string;
}

export interface ScanStore {
  beginScan(scan: ScanStart): void;
  /** Saves one service's result as soon as its checks are done (a crash keeps what was found). */
  saveService(scanId: string, service: ServiceResult): void;
  finishScan(scanId: string, end: ScanEnd): void;
  /** The report as stored; undefined for an unknown id. */
  getScan(scanId: string): ScanReport | undefined;
  /** Most recent first. `state` of a scan that never finished (the app died) is `failed`. */
  listScans(limit?: number): ScanSummary[];
  /**
   * Inventory, checklists, verification and maintenance windows over the same database
   * (issue 5). Absent in stores that do not offer them (test doubles); the remediation
   * channels then answer `unavailable`.
   */
  remediation?: RemediationService;
  /**
   * Signed records and operators over the same database (issue 6). Absent in stores
   * that do not offer them (test doubles); the records channels then answer `unavailable`.
   */
  records?: RecordsService;
  close(): void;
}
