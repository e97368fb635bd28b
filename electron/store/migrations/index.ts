/**
 * Every schema migration, in order. APPEND-ONLY: add `002-...` at the end, never
 * edit, renumber or remove a shipped entry (openStore checks each applied
 * migration's SHA-256 against this list, and test/unit/store/migrations.test.ts
 * pins the hashes).
 *
 * A migration is plain SQL run inside the runner's single transaction: no BEGIN,
 * COMMIT or PRAGMA user_version in it (the runner sets the version after the last one).
 */
import { sql as scans } from './001-scans';
import { sql as remediation } from './002-remediation';
import { sql as records } from './003-records';
import { sql as signatureClaims } from './004-signature-claims';
import { sql as protocolBasis } from './005-protocol-basis';
import { sql as appendOnly } from './006-append-only-and-step-snapshots';
import { sql as trustList } from './007-trust-list';
import { sql as scanError } from './008-scan-error';
import { sql as observedPeers } from './009-observed-peers';
import { sql as peerfix } from './010-peerfix';
import { sql as maintenanceWindowHistory } from './011-maintenance-window-history';
import { sql as internet } from './012-internet';
import { sql as speed } from './013-check-selection';
import { sql as checkResultsCompact } from './014-check-results-compact';
import { sql as internetClosures } from './015-internet-closures';
import { sql as internetImportIndex } from './016-internet-import-index';
import { sql as checkResultsCheapChecks } from './017-check-results-cheap-checks';

/** One numbered schema step. */
export interface Migration {
  /** 1, 2, 3, ... with no gaps; becomes PRAGMA user_version once applied. */
  readonly version: number;
  /** File name without extension, e.g. `001-scans`; recorded in the database's history. */
  readonly name: string;
  /** The SQL text (one or more statements). */
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001-scans', sql: scans },
  { version: 2, name: '002-remediation', sql: remediation },
  { version: 3, name: '003-records', sql: records },
  { version: 4, name: '004-signature-claims', sql: signatureClaims },
  { version: 5, name: '005-protocol-basis', sql: protocolBasis },
  { version: 6, name: '006-append-only-and-step-snapshots', sql: appendOnly },
  { version: 7, name: '007-trust-list', sql: trustList },
  { version: 8, name: '008-scan-error', sql: scanError },
  { version: 9, name: '009-observed-peers', sql: observedPeers },
  { version: 10, name: '010-peerfix', sql: peerfix },
  { version: 11, name: '011-maintenance-window-history', sql: maintenanceWindowHistory },
  { version: 12, name: '012-internet', sql: internet },
  { version: 13, name: '013-check-selection', sql: speed },
  { version: 14, name: '014-check-results-compact', sql: checkResultsCompact },
  { version: 15, name: '015-internet-closures', sql: internetClosures },
  { version: 16, name: '016-internet-import-index', sql: internetImportIndex },
  { version: 17, name: '017-check-results-cheap-checks', sql: checkResultsCheapChecks },
];
