/**
 * Domain types shared by the engine, the store, the CLI and the renderer.
 * Their JSON form is the `scan --json` document of ../shared/spec/cli.md (a public contract):
 * fields are added, never renamed.
 */
import type { AttackTechniqueId, CheckId, CheckStatus, Protocol, ServiceState, Severity } from './catalog';
import type { SelectionKind } from './check-selection';

/** Where a scan ran from, and whether that network is trusted. */
export interface Vantage {
  label: string;
  /** True when the probing machine sits on a network that must not reach imaging servers (guest VLAN, outside the firewall). */
  untrusted: boolean;
}

/** Product fingerprint of a DICOM or web service. */
export interface Product {
  /** e.g. `Orthanc`, `DCMTK`, `dcm4che`, `pynetdicom`, `dcmjs-dimse`; `unknown` when not recognised. */
  name: string;
  version?: string;
  implementationClassUid?: string;
  implementationVersionName?: string;
}

/** Evidence: plain JSON values only, never patient data. */
export type Evidence = Record<string, unknown>;

/** The judged outcome of one check on one service. */
export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** The catalog severity (the severity a `fail` carries). */
  severity: Severity;
  /** One line in words an imaging admin understands. */
  summary: string;
  evidence: Evidence;
  attack: AttackTechniqueId[];
}

/** One host:port and what the scan found there. */
export interface ServiceResult {
  host: string;
  port: number;
  state: ServiceState;
  /** Present when `state` is `open`. */
  protocol?: Protocol;
  /**
   * Why the service got its protocol, one line in words (at most ~200 characters, no
   * control characters): e.g. `answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC`,
   * `TLS (TLSv1.3), then an A-ASSOCIATE-AC inside it`, `silent for 5000 ms after an
   * A-ASSOCIATE-RQ; no TLS or HTTP answer either`. Present for open services
   * (absent in scans stored before it existed).
   */
  protocolBasis?: string;
  product?: Product;
  /** The AE title the server accepted as called AE (given by the user, the inventory, or a guess that worked). */
  calledAe?: string;
  /** How the called AE title was learned: `user`, `inventory`, `guess`; absent when none was accepted. */
  calledAeSource?: 'user' | 'inventory' | 'guess';
  checks: CheckResult[];
}

export interface ScanMeta {
  id: string;
  startedAt: string;
  finishedAt: string;
  vantage: Vantage;
  /** Targets as the user gave them. */
  targets: string[];
  ports: number[];
  /** True when the scan was cancelled before every target was probed. */
  cancelled?: boolean;
  /** Which checks ran (issue 16): `full` (the whole catalog), `discovery`, or `custom` (`--checks`). Absent in scans made before. */
  profile?: SelectionKind;
  /** The check ids that ran, in catalog order; every other check is `skipped`. */
  checks?: CheckId[];
}

export type FailCounts = Record<Severity, number>;

/** The `scan --json` document. */
export interface ScanReport {
  tool: { name: 'collimator'; version: string };
  scan: ScanMeta;
  services: ServiceResult[];
  summary: { services: number; fail: FailCounts };
}

/** Progress of a running scan, for the progress bar and stderr. */
export interface ScanProgress {
  phase: 'sweep' | 'probe' | 'done';
  /** Host:port pairs swept so far, of `total`. */
  done: number;
  total: number;
  /** Open services found so far. */
  found: number;
  /** Services whose checks are finished. */
  probed: number;
}

/** A known DICOM node from the inventory CSV (`ae_title,host,port,role,description`). */
export interface InventoryNode {
  aeTitle: string;
  host: string;
  port: number;
  role: string;
  description: string;
}

export type Verdict = 'fixed' | 'still-failing' | 'regressed' | 'still-passing' | 'inconclusive';
