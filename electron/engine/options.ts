/** Defaults of a scan: probe options and the sweep's bounds. */
import { randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import { CheckSelection } from '../../shared/check-selection';
import type { ProbeOptions } from './types';

/** The scan's check selection (the whole catalog when none was given). */
export function selectionOf(options: Pick<ProbeOptions, 'selection'>): CheckSelection {
  return options.selection ?? CheckSelection.full();
}

/**
 * Parallel TCP connects in the sweep. Filtered ports and absent hosts each hold a dial
 * until its timeout, so this bounds how fast a sparse network is swept (256 made a
 * /24 with 5 ports take five 3-second waves; bench): the rate below is the real pace.
 * Node raises its file limit to the hard limit at start-up, usually far above this on
 * Linux and macOS; a local shortage (EMFILE) is retried by the sweep, not reported.
 */
export const DEFAULT_CONCURRENCY = 4096;
/** New connections per second, across the whole scan (0 = unlimited). */
export const DEFAULT_RATE_PER_SECOND = 2000;
/**
 * Services (ports) probed at once on one host: one DICOM association per host at a time
 * by default (issue 2), because older equipment and single-association servers
 * (storescp) refuse or queue a second caller, and a PACS's association limit is usually
 * per device, not per port. `--per-host N` raises it where the admin knows the host
 * copes; the bench measured how much a host's silent ports then overlap.
 */
export const DEFAULT_PER_HOST_ASSOCIATIONS = 1;
/** Services being identified and probed at once, across the scan. */
export const DEFAULT_PROBE_CONCURRENCY = 64;
/** TCP connect timeout, ms: a LAN answers in well under a second; a WAN link or busy firewall may take longer. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
/** Wait for one reply (an A-ASSOCIATE answer, a DIMSE response, an HTTP response), ms. */
export const DEFAULT_IO_TIMEOUT_MS = 5000;
/** Hard bound on all work against one service (identification plus every probe), ms. */
export const DEFAULT_TARGET_TIMEOUT_MS = 60_000;

const AE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A calling AE title no server has registered: `CLM` and 8 random upper-case letters
 * or digits (11 characters; AE titles allow 16 of the default repertoire without backslash).
 */
export function randomCallingAe(): string {
  let s = 'CLM';
  for (let i = 0; i < 8; i++) s += AE_CHARS[randomInt(AE_CHARS.length)];
  return s;
}

/** Probe options with defaults filled in; `partial` wins field by field. */
export function defaultProbeOptions(partial: Partial<ProbeOptions> = {}): ProbeOptions {
  return {
    callingAe: randomCallingAe(),
    calledAes: new Map(),
    inventory: [],
    // The machine's name: where the scan ran from, until the user labels the vantage.
    vantage: { label: hostname() || 'this machine', untrusted: false },
    optIn: new Set(),
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    ioTimeoutMs: DEFAULT_IO_TIMEOUT_MS,
    targetTimeoutMs: DEFAULT_TARGET_TIMEOUT_MS,
    ...stripUndefined(partial),
  };
}

/** `{ callingAe: undefined }` must not erase the default. */
function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
