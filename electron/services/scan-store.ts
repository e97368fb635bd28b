/**
 * What the app's services need from the database (a port, in the hexagonal sense).
 * real-deps.ts adapts the real store (electron/store) to it; keeping the surface this
 * small lets the scan manager be read, and tested, without SQL in mind. Recording a
 * scan (begin, each service, the end) is the scan runner's (electron/scan-run.ts
 * ScanRecorder): the port offers exactly the store's own calls for it.
 */
import type { ScanSummary } from '../../shared/contract';
import type { ScanReport } from '../../shared/types';
import type { RecordsService } from '../records/service';
import type { RemediationService } from '../remediation/service';
import type { ScanRecorder } from '../scan-run';
import type { PeersService } from '../peers/service';
import type { ExportsService } from '../exports/service';
import type { Store } from '../store';

export interface ScanStore extends ScanRecorder {
  /** The report as stored; undefined for an unknown id. */
  getScan(scanId: string): ScanReport | undefined;
  /**
   * Most recent first, counts read from the store (no report is loaded). `state` of a
   * scan that never finished (the app died) or ended with an error is `failed`.
   */
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
  /** Peers learned from logs and captures (issue 14); absent in test doubles (`peers:*` then answer `unavailable`). */
  peers?: PeersService;
  /**
   * Exports for other tools (issue 13) over the same database. Absent in stores that do
   * not offer them (test doubles); the exports channels then answer `unavailable`.
   */
  exports?: ExportsService;
  /** The database itself, for the internet's view (issue 13). Absent in test doubles; the `internet:*` channels then answer `unavailable`. */
  internetStore?: Store;
  close(): void;
}
