/**
 * Known signers (issue 11): the shared vocabulary of trust lists. A signature proves that
 * some key signed; a trust list says whose key it is. Pure types; electron/records holds
 * the code (trust-list*.ts). Field names are a public contract (`records verify --json`,
 * the app's `trust:*` channels).
 */

/** What a trust list says of the key behind one signature. */
export type SignerStatus =
  /** The key is on a list and was valid at the signing time. */
  | 'known'
  /** No list names the key (or no list was given: see `TrustCheck.checked`). */
  | 'unknown'
  /** A list names the key, but the signing time is before its valid-from or after its valid-until. */
  | 'expired'
  /** A list names the key as revoked. Revocation counts whatever the signing time (the signer states that time). */
  | 'revoked';

/** The verdict on one signature's key. */
export interface SignerTrust {
  status: SignerStatus;
  /** The name and role the list gives the key: null for a plain fingerprint list, or when no list names it. */
  name: string | null;
  role: string | null;
  /** Which list said so (a file name, `this app's operators`, `--expect-signer`), or null when none did. */
  source: string | null;
  /** One line in words: why this status. */
  detail: string;
}

/** The two accepted forms of a trust list. */
export type TrustListKind =
  /** `collimator.trust/1`: operators with name, role, key and validity, signed by an organisation key. */
  | 'signed'
  /** One fingerprint per line (`#` comments): keys only. */
  | 'fingerprints';

/** A trust list as read: where from, what kind, who signed it. */
export interface TrustListSummary {
  source: string;
  kind: TrustListKind | 'operators' | 'command-line';
  /** The organisation whose key signed the list (signed lists only). */
  organisation: { name: string; fingerprint: string } | null;
  /** When the organisation signed it (signed lists only). */
  issuedAt: string | null;
  /** Keys it names. */
  entries: number;
}

/** Whether a verification checked the signers, against which lists, and the outcome. */
export interface TrustCheck {
  /** False when no list was given: then nothing says who holds the keys. */
  checked: boolean;
  lists: TrustListSummary[];
  /** Every signature's key is known; null when not checked. */
  allKnown: boolean | null;
}

/** One key of the app's trust list, for the Records screen. */
export interface TrustEntryView {
  fingerprint: string;
  name: string | null;
  role: string | null;
  /** Where the entry comes from: `this app's operators`, or the imported list's name. */
  source: string;
  validFrom: string | null;
  validUntil: string | null;
  revoked: boolean;
  revokedAt: string | null;
}

/** An imported list kept by the app. */
export interface TrustImportView extends TrustListSummary {
  id: number;
  importedAt: string;
  /** Why the stored list no longer reads (e.g. its signature no longer holds: the database was edited); null when it is fine. Such a list counts for nothing. */
  problem: string | null;
}

/** The app's trust list: its operators plus the imported lists. */
export interface AppTrustList {
  imports: TrustImportView[];
  entries: TrustEntryView[];
}

/** Import a list's text (either form); `name` says where it came from (e.g. its file name). */
export interface TrustImportRequest {
  name: string;
  text: string;
}

/** The app's list as a file for an auditor: a plain fingerprint list. */
export interface TrustExportFile {
  fileName: string;
  mediaType: 'text/plain';
  text: string;
  /** Keys listed (revoked and expired keys are left out). */
  keys: number;
}
