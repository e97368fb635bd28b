/**
 * The built-in practice lab (`collimator lab`, and the app's one-click lab):
 * a handful of small DICOM servers with typical misconfigurations, plus one
 * service that is not DICOM at all, so an admin can try a scan safely.
 *
 * Plain Node (no Electron). Every listener is bound to a loopback address only
 * (see loopback.ts); nothing received is ever kept.
 */
import type { CalledAe, PracticeLabServer } from '../../shared/contract';
import { quietDicomLibrary } from './quiet';
import { attachScp } from './scp';
import { serveBanner } from './banner';
import { assertLoopback, listenLoopback, type LoopbackListener } from './loopback';
import { PRACTICE_PROFILES, type ScpProfile } from './profiles';

/** One running practice server: the contract's type, which the app hands on as it is. */
export type PracticeServer = PracticeLabServer;

/** A running practice lab. */
export interface PracticeLab {
  servers: PracticeServer[];
  /** Scan targets, e.g. ['127.0.0.1']. */
  targets: string[];
  /** Every port in use, in server order (the `--ports` of a scan). */
  ports: number[];
  /** The AE titles an admin would know, for `--called-ae AE@HOST:PORT`. */
  calledAes: CalledAe[];
  /**
   * Issue 17: the DICOM practice server at `host:port` from now on plays `change(profile)`
   * (new associations; open ones finish as they were). Returns its name and the profile
   * it had, or undefined when no DICOM practice server of this lab listens there.
   */
  reconfigure(host: string, port: number, change: (profile: ScpProfile) => ScpProfile): { name: string; before: ScpProfile } | undefined;
  /** Close every listener and connection; safe to call twice. */
  stop(): Promise<void>;
}

/** Options of startPracticeLab(). */
export interface PracticeLabOptions {
  /** Loopback address to listen on (127.0.0.0/8 or ::1); default 127.0.0.1, the only one macOS has. */
  host?: string;
  /** First port; servers take basePort, basePort+1, ... Default: free ports picked by the kernel. */
  basePort?: number;
}

/** The non-DICOM service, described like the others. */
const NOT_DICOM = {
  name: 'Not DICOM (SSH-like service)',
  description: 'A service on a DICOM-looking port that answers with an SSH greeting: a scan must not call it DICOM.',
  expected: 'protocol unknown (a banner, not an A-ASSOCIATE answer); no DICOM checks run',
} as const;

/** How many listeners the lab opens. */
export const PRACTICE_SERVER_COUNT = PRACTICE_PROFILES.length + 1;

function checkBasePort(basePort: number | undefined): void {
  if (basePort === undefined) return;
  if (!Number.isInteger(basePort) || basePort < 1 || basePort + PRACTICE_SERVER_COUNT - 1 > 65_535) {
    throw new Error(`practice lab: base port must be an integer from 1 to ${65_536 - PRACTICE_SERVER_COUNT}, got ${basePort}`);
  }
}

/** Start every practice server; if one cannot start, the others are stopped and the error says which port. */
export async function startPracticeLab(opts: PracticeLabOptions = {}): Promise<PracticeLab> {
  const host = opts.host ?? '127.0.0.1';
  assertLoopback(host);
  // The lab's SCPs are dcmjs-dimse, which logs every association to stdout by default.
  quietDicomLibrary();
  checkBasePort(opts.basePort);
  const portAt = (i: number): number => (opts.basePort === undefined ? 0 : opts.basePort + i);

  const listeners: LoopbackListener[] = [];
  const servers: PracticeServer[] = [];
  /** The profile each DICOM practice server plays now, by `host port`: read at every new connection. */
  const playing = new Map<string, ScpProfile>();
  const key = (h: string, p: number): string => `${h} ${p}`;
  const stopAll = async (): Promise<void> => {
    await Promise.all(listeners.map((l) => l.close()));
  };
  try {
    for (const [i, profile] of PRACTICE_PROFILES.entries()) {
      let slot = '';
      const l = await listenLoopback(host, portAt(i), (socket) => attachScp(socket, playing.get(slot) ?? profile));
      slot = key(l.host, l.port);
      playing.set(slot, profile);
      listeners.push(l);
      servers.push(toPracticeServer(profile, l));
    }
    const l = await listenLoopback(host, portAt(PRACTICE_PROFILES.length), serveBanner);
    listeners.push(l);
    servers.push({ ...NOT_DICOM, host: l.host, port: l.port, aet: '' });
  } catch (err) {
    await stopAll();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    servers,
    targets: [host],
    ports: servers.map((s) => s.port),
    calledAes: servers.filter((s) => s.aet !== '').map((s) => ({ aet: s.aet, host: s.host, port: s.port })),
    reconfigure(h, p, change) {
      const slot = key(h, p);
      const before = playing.get(slot);
      if (before === undefined) return undefined;
      playing.set(slot, change(before));
      return { name: before.name, before };
    },
    stop: () => (stopping ??= stopAll()),
  };
}

function toPracticeServer(profile: ScpProfile, l: LoopbackListener): PracticeServer {
  return {
    name: profile.name,
    description: profile.description,
    host: l.host,
    port: l.port,
    aet: profile.aet,
    expected: profile.expected,
  };
}
