/**
 * Real Orthanc 1.10.1 instances for real-peer tests, one per call, each with its own
 * temp dir (storage, index, log, config) and random free ports.
 *
 * Orthanc has no bind-address option: its DICOM and HTTP listeners bind
 * 0.0.0.0 (IPv4). Tests connect through 127.0.0.1 only and keep instances
 * short-lived; never start one on a machine whose LAN you may not expose it to.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts, httpGet, LAB_HOST, tcpAccepts, waitUntil } from './net';
import { makeTempDir, once, readTail, removeTempDir, spawnPeer, stopPeerProcess, type PeerProcess } from './process';
import { parseJsonc } from './jsonc';
import { whichBinary } from './skip';
import type { PeerServer } from './types';

/**
 * insecure: every DIMSE service allowed for anyone, REST open without a password.
 * restricted: called AE checked, only the listed modalities, REST behind a password.
 * debian-defaults: /etc/orthanc/orthanc.json + credentials.json as Debian ships them,
 * with only ports and directories changed (and no plugins unless asked).
 */
export type OrthancPreset = 'insecure' | 'restricted' | 'debian-defaults';

/** A DicomModalities entry as Orthanc reads it. */
export interface OrthancModality {
  AET: string;
  Host: string;
  Port: number;
}

/** Options of startOrthanc(). */
export interface OrthancOptions {
  preset: OrthancPreset;
  /** DicomAet; Orthanc's default is ORTHANC. */
  aet?: string;
  /** DicomModalities (restricted default: MODALITY1 at 127.0.0.1:11113). */
  modalities?: Record<string, OrthancModality>;
  /** Raw config keys merged last (shallow), e.g. { Plugins: [DICOMWEB_PLUGIN] }. */
  config?: Record<string, unknown>;
  /** Name for logs; default `orthanc-<preset>`. */
  name?: string;
  /** Milliseconds to wait for readiness; default 20 000. */
  readyTimeoutMs?: number;
  /** Log with --verbose (every category, e.g. the "Incoming Find request" lines) instead of --verbose-dicom. */
  verbose?: boolean;
}

/** A running Orthanc. */
export interface OrthancServer extends PeerServer {
  httpPort: number;
  /** The JSON config file Orthanc was started with (in the temp dir). */
  configPath: string;
  /** Path of Orthanc's log file (in the temp dir). */
  logPath: string;
  /** REST credentials when AuthenticationEnabled is on (restricted preset), else undefined. */
  auth?: { username: string; password: string };
  /** The config as written, after merging. */
  config: Record<string, unknown>;
  /** Merge `config` into the current config, rewrite it and restart on the same ports. */
  restart(config?: Record<string, unknown>): Promise<void>;
}

/** The DICOMweb plugin Debian's orthanc-dicomweb installs; load it with config { Plugins: [DICOMWEB_PLUGIN] }. */
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** The REST user of the restricted preset. */
export const ORTHANC_PEER_USER = { username: 'labadmin', password: 'lab-secret-1' } as const;

/** Default peer of the restricted preset. */
export const DEFAULT_MODALITY: OrthancModality = { AET: 'MODALITY1', Host: '127.0.0.1', Port: 11113 };

const DEBIAN_CONFIG = '/etc/orthanc/orthanc.json';
const DEBIAN_CREDENTIALS = '/etc/orthanc/credentials.json';

function readJsoncObject(path: string): Record<string, unknown> {
  const parsed = parseJsonc(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`peers: ${path} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** The preset's keys, before ports/dirs and the caller's overrides. */
export function orthancPresetConfig(
  preset: OrthancPreset,
  modalities?: Record<string, OrthancModality>,
): Record<string, unknown> {
  switch (preset) {
    case 'insecure':
      return {
        DicomCheckCalledAet: false,
        DicomAlwaysAllowEcho: true,
        DicomAlwaysAllowStore: true,
        DicomAlwaysAllowFind: true,
        DicomAlwaysAllowFindWorklist: true,
        DicomAlwaysAllowGet: true,
        DicomAlwaysAllowMove: true,
        DicomModalities: modalities ?? {},
        RemoteAccessAllowed: true,
        AuthenticationEnabled: false,
      };
    case 'restricted':
      return {
        DicomCheckCalledAet: true,
        // Orthanc accepts every caller's association as soon as any DicomAlwaysAllow*
        // is true (Echo included), so a locked-down PACS must turn Echo off too.
        DicomAlwaysAllowEcho: false,
        DicomAlwaysAllowStore: false,
        DicomAlwaysAllowFind: false,
        DicomAlwaysAllowFindWorklist: false,
        DicomAlwaysAllowGet: false,
        DicomAlwaysAllowMove: false,
        DicomModalities: modalities ?? { MODALITY1: DEFAULT_MODALITY },
        RemoteAccessAllowed: true,
        AuthenticationEnabled: true,
        RegisteredUsers: { [ORTHANC_PEER_USER.username]: ORTHANC_PEER_USER.password },
      };
    case 'debian-defaults': {
      // Debian runs Orthanc on the /etc/orthanc folder, which merges every file in it;
      // orthanc.json and credentials.json are the two that shape access.
      const base = readJsoncObject(DEBIAN_CONFIG);
      const creds = existsSync(DEBIAN_CREDENTIALS) ? readJsoncObject(DEBIAN_CREDENTIALS) : {};
      return { ...base, ...creds, ...(modalities ? { DicomModalities: modalities } : {}) };
    }
  }
}

function writeConfig(path: string, config: Record<string, unknown>): void {
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
}

/** Credentials a readiness check / test must send, derived from the config itself. */
function restAuth(config: Record<string, unknown>): { username: string; password: string } | undefined {
  const users = config.RegisteredUsers;
  const none = typeof users !== 'object' || users === null || Object.keys(users).length === 0;
  // Orthanc 1.10: remote access on, authentication not switched off, no users -> it
  // creates its documented default user orthanc/orthanc (and logs that this is insecure).
  if (none && config.RemoteAccessAllowed === true && config.AuthenticationEnabled !== false) return { username: 'orthanc', password: 'orthanc' };
  if (config.AuthenticationEnabled !== true || none) return undefined;
  const first = Object.entries(users as Record<string, unknown>)[0];
  return first && typeof first[1] === 'string' ? { username: first[0], password: first[1] } : undefined;
}

/** Start Orthanc and wait until both DICOM and REST answer; throws with the log tail otherwise. */
async function launch(
  name: string,
  dir: string,
  configPath: string,
  config: Record<string, unknown>,
  timeoutMs: number,
  verbose = false,
): Promise<{ proc: PeerProcess; ready: boolean; error?: string }> {
  const logPath = join(dir, 'orthanc.log');
  const bin = whichBinary('Orthanc') ?? 'Orthanc';
  const proc = spawnPeer(bin, [verbose ? '--verbose' : '--verbose-dicom', `--logfile=${logPath}`, configPath], {
    cwd: dir,
    logPath: join(dir, 'orthanc.stdout.log'),
  });
  const dicomPort = config.DicomPort as number;
  const httpPort = config.HttpPort as number;
  const auth = restAuth(config);
  const ready = await waitUntil(
    async () => {
      if (!(await tcpAccepts(LAB_HOST, dicomPort))) return false;
      try {
        const res = await httpGet(httpPort, '/system', { auth });
        return res.status === 200;
      } catch {
        return false;
      }
    },
    { timeoutMs, intervalMs: 150, abort: () => proc.hasExited() },
  );
  if (ready) return { proc, ready };
  const why = proc.hasExited() ? `exited with code ${String(proc.child.exitCode)}` : `not ready after ${timeoutMs} ms`;
  await stopPeerProcess(proc);
  const tail = [proc.logTail(15), readTail(logPath, 25)].filter(Boolean).join('\n');
  return { proc, ready, error: `peers: ${name} ${why} (ports dicom ${dicomPort}, http ${httpPort})\n${tail}` };
}

/**
 * Start a real Orthanc on random free ports with its own temp dir.
 * Plugins are off (Plugins: []) unless `config.Plugins` asks for some.
 */
export async function startOrthanc(opts: OrthancOptions): Promise<OrthancServer> {
  const name = opts.name ?? `orthanc-${opts.preset}`;
  const timeoutMs = opts.readyTimeoutMs ?? 20_000;
  const dir = makeTempDir(name);
  const storage = join(dir, 'storage');
  mkdirSync(storage);
  const configPath = join(dir, 'orthanc.json');
  const preset = orthancPresetConfig(opts.preset, opts.modalities);

  let errors: string[] = [];
  // A port picked by freePort() can be taken by someone else before Orthanc
  // binds it; a fresh pair of ports usually fixes that.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const [dicomPort, httpPort] = await freePorts(2);
    let config: Record<string, unknown> = {
      ...preset,
      Name: name,
      DicomAet: opts.aet ?? (typeof preset.DicomAet === 'string' ? preset.DicomAet : 'ORTHANC'),
      DicomPort: dicomPort,
      HttpPort: httpPort,
      StorageDirectory: storage,
      IndexDirectory: storage,
      TemporaryDirectory: dir,
      Plugins: [],
      // A restart must not replay jobs of an earlier run.
      SaveJobs: false,
      ...opts.config,
    };
    writeConfig(configPath, config);
    const first = await launch(name, dir, configPath, config, timeoutMs, opts.verbose);
    if (!first.ready) {
      errors.push(first.error ?? 'unknown error');
      continue;
    }
    let proc = first.proc;

    const restart = async (more?: Record<string, unknown>): Promise<void> => {
      await stopPeerProcess(proc);
      // Orthanc stops with SIGTERM but its ports may linger a moment: launch() waits.
      config = { ...config, ...more, DicomPort: dicomPort, HttpPort: httpPort };
      writeConfig(configPath, config);
      const again = await launch(name, dir, configPath, config, timeoutMs, opts.verbose);
      proc = again.proc;
      server.pid = proc.pid;
      server.config = config;
      server.aet = config.DicomAet as string;
      server.auth = restAuth(config);
      if (!again.ready) throw new Error(again.error);
    };
    const server: OrthancServer = {
      name,
      host: LAB_HOST,
      port: dicomPort!,
      aet: config.DicomAet as string,
      httpPort: httpPort!,
      pid: proc.pid,
      tempDir: dir,
      configPath,
      logPath: join(dir, 'orthanc.log'),
      auth: restAuth(config),
      config,
      restart,
      stop: once(async () => {
        try {
          await stopPeerProcess(proc);
        } finally {
          removeTempDir(dir);
        }
      }),
    };
    return server;
  }
  removeTempDir(dir);
  errors = errors.slice(-1);
  throw new Error(`peers: could not start ${name} after 3 attempts; last error:\n${errors.join('\n')}`);
}
