/**
 * The engine's vocabulary (docs/architecture.md, "The engine"): targets, the
 * Probe interface, what a probe may use while it runs. Plain Node: no Electron here.
 */
import type { AssociationHolder } from './dicom/held';
import type { TlsMaterial } from './net-types';
import type { CheckId, Protocol, Safety } from '../../shared/catalog';
import type { CheckSelection } from '../../shared/check-selection';
import type { CheckResult, InventoryNode, Product, Vantage } from '../../shared/types';

/**
 * Target and Outcome live in net-types.ts, below the DICOM and TLS modules that use them,
 * so this file can name their types (dicom/held.ts) without an import cycle.
 */
export type { Outcome, Target, TlsMaterial } from './net-types';

/** What identification learned of an open port, handed to every probe. */
export interface ServiceInfo {
  host: string;
  port: number;
  protocol: Protocol;
  product?: Product;
  /** A called AE title this server accepted (or the one the user/inventory gave). */
  calledAe?: string;
  calledAeSource?: 'user' | 'inventory' | 'guess';
  /**
   * Host names the user targeted that resolved to `host` (scope `resolved`), for TLS
   * name matching; absent when the user gave an address. (Added for issue 3.)
   */
  hostNames?: readonly string[];
  /** Raw identification facts (evidence for `dicom.detected`, `web.detected`, ...). */
  identification: Record<string, unknown>;
}

/** Probe options, from the CLI flags or the app's scan form. */
export interface ProbeOptions {
  /** Calling AE title for unknown-caller tests; a random `CLM…` title when not given. */
  callingAe: string;
  /** AE titles the user knows, keyed `host:port` (`--called-ae AE@HOST:PORT`). */
  calledAes: ReadonlyMap<string, string>;
  /** Known DICOM nodes (`--inventory`). */
  inventory: readonly InventoryNode[];
  vantage: Vantage;
  /** Opt-in checks the user asked for (`--opt-in`). */
  optIn: ReadonlySet<CheckId>;
  /** TCP connect timeout, ms. */
  connectTimeoutMs: number;
  /** Wait for any single reply (an A-ASSOCIATE answer, a DIMSE response), ms. */
  ioTimeoutMs: number;
  /** Hard bound on all work against one service (identification plus every probe), ms. */
  targetTimeoutMs: number;
  /** TLS material (issue 3): extra trusted CAs, and a client certificate for DICOM TLS. PEM text. */
  tls?: TlsMaterial;
  /**
   * Which checks run (issue 16, `--checks` / `--profile`); absent: the whole catalog.
   * Read it through options.ts selectionOf(); a step that sends something for a check
   * asks `selectionOf(options).runs(id)` first.
   */
  selection?: CheckSelection;
}

/** What a probe gets while it runs. */
export interface ProbeContext {
  /** Aborts on cancellation or when the service's deadline passes; a probe stops and returns what it has. */
  signal: AbortSignal;
  /** Epoch ms by which all work on this service must be over. */
  deadline: number;
  options: ProbeOptions;
  /**
   * Where identification keeps its last accepted association for the query and
   * retrieve probes (dicom/held.ts). Absent: every probe opens its own.
   */
  held?: AssociationHolder;
  /**
   * Lets go of the host's association slot early (idempotent): identification calls
   * it once the port has answered a DICOM request with HTTP, so a web server's
   * checks do not hold up the DICOM services of the same host.
   */
  releaseHost?: () => void;
  /**
   * Takes the host's association slot back if it was let go (resolves at once while it
   * is held; rejects when the service's deadline or the scan's cancellation comes
   * first). Called before every association attempt that may follow releaseHost:
   * DICOM inside TLS on a port that first answered with HTTP, and associating probes.
   */
  holdHost?: () => Promise<void>;
}

export interface ProbeMeta {
  /** Probe name, e.g. `dicom-calling-ae`. */
  id: string;
  /** Check ids this probe decides. */
  checks: readonly CheckId[];
  safety: Safety;
  description: string;
  /**
   * True when `run` sends nothing and only reads what identification and the sweep
   * already learned (exposure, judgements of identification's associations). The
   * orchestrator still runs such a probe, under a short grace bound, after the
   * service's deadline has passed, so a peer that stalls identification cannot erase
   * verdicts that need no traffic. Never set it on a probe that opens a connection.
   */
  offline?: boolean;
  /**
   * True when `run` may open DICOM associations (plain or over TLS). The per-host
   * limit counts associations: a service holds its host's slot only while such a
   * probe may still run; TLS handshakes and web requests run after it let go.
   */
  associates?: boolean;
}

/**
 * One probe = one file under probes/ (nmap's portrule/action, zgrab2's module):
 * `applies` is applicability, `run` collects observations and never rejects,
 * `judge` is a pure function from observations to check results.
 */
export interface Probe<O = unknown> {
  meta: ProbeMeta;
  applies(service: ServiceInfo, options: ProbeOptions): boolean;
  run(service: ServiceInfo, ctx: ProbeContext): Promise<O>;
  judge(observation: O, service: ServiceInfo, options: ProbeOptions): CheckResult[];
}
