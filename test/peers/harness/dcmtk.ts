/**
 * Real DCMTK 3.6.7 servers for real-peer tests: storescp (storage SCP, optionally
 * DICOM TLS) and dcmqrscp (query/retrieve SCP with per-AE peer lists).
 *
 * Both bind all addresses (DCMTK has no bind option); tests reach them through
 * 127.0.0.1 only and stop them when done.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, LAB_HOST, tcpAccepts, waitUntil } from './net';
import { makeTempDir, once, removeTempDir, spawnPeer, stopPeerProcess, type PeerProcess } from './process';
import { whichBinary } from './skip';
import type { PeerServer } from './types';

/** DICOM TLS settings of startStorescp(); PEM file paths. */
export interface StorescpTls {
  /** Unencrypted private key (PEM). */
  key: string;
  /** The server's certificate (PEM). */
  cert: string;
  /** CA certificate(s) trusted for client certificates (PEM). */
  ca?: string;
  /** Refuse a handshake without a valid client certificate (storescp -rc). */
  requireClientCert?: boolean;
  /** Extra TLS options, e.g. ['--profile-bcp195-ex'] (issue 15's profile tests). */
  extraArgs?: string[];
}

/** Options of startStorescp(). */
export interface StorescpOptions {
  /** The AE title it claims (storescp never checks the called AE); default STORESCP. */
  aet?: string;
  /** Speak DICOM TLS instead of plain TCP. */
  tls?: StorescpTls;
  /** Milliseconds to wait for readiness; default 10 000. */
  readyTimeoutMs?: number;
}

/** One AE of a dcmqrscp: its title and who may talk to it. */
export interface DcmqrscpAe {
  aet: string;
  /** 'ANY' accepts every calling AE; a list restricts to those peers. */
  peers: 'ANY' | Array<{ aet: string; host: string; port: number }>;
}

/** Options of startDcmqrscp(). */
export interface DcmqrscpOptions {
  aets: DcmqrscpAe[];
  /** Milliseconds to wait for readiness; default 10 000. */
  readyTimeoutMs?: number;
}

/** Spawn a DCMTK server on a fresh port and wait for it to accept TCP; retries port races. */
async function startDcmtk(
  name: string,
  dir: string,
  timeoutMs: number,
  argsFor: (port: number) => { bin: string; args: string[] },
): Promise<{ proc: PeerProcess; port: number }> {
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = await freePort();
    const { bin, args } = argsFor(port);
    const proc = spawnPeer(whichBinary(bin) ?? bin, args, {
      cwd: dir,
      logPath: join(dir, `${bin}.log`),
      // DCMTK peers otherwise add ~45 ms per exchange through Nagle's algorithm.
      env: { TCP_NODELAY: '1' },
    });
    const ready = await waitUntil(() => tcpAccepts(LAB_HOST, port), {
      timeoutMs,
      intervalMs: 100,
      abort: () => proc.hasExited(),
    });
    if (ready && !proc.hasExited()) return { proc, port };
    const why = proc.hasExited() ? `exited with code ${String(proc.child.exitCode)}` : `not ready after ${timeoutMs} ms`;
    await stopPeerProcess(proc);
    lastError = `peers: ${name} ${why} on port ${port}\n${proc.logTail(20)}`;
  }
  throw new Error(`peers: could not start ${name} after 3 attempts; last error:\n${lastError}`);
}

function peerServer(name: string, aet: string, port: number, proc: PeerProcess, dir: string): PeerServer {
  return {
    name,
    host: LAB_HOST,
    port,
    aet,
    pid: proc.pid,
    tempDir: dir,
    stop: once(async () => {
      try {
        await stopPeerProcess(proc);
      } finally {
        removeTempDir(dir);
      }
    }),
  };
}

/**
 * storescp: accepts Verification and Storage only, never checks the called AE,
 * serves one association at a time (no --fork). Received files land in `receivedDir`,
 * so a test can prove a scan sent no C-STORE data (the directory stays empty).
 */
export async function startStorescp(opts: StorescpOptions = {}): Promise<PeerServer & { receivedDir: string }> {
  const aet = opts.aet ?? 'STORESCP';
  const name = opts.tls ? 'storescp-tls' : 'storescp';
  const dir = makeTempDir(name);
  const out = join(dir, 'received');
  mkdirSync(out);
  try {
    const { proc, port } = await startDcmtk(name, dir, opts.readyTimeoutMs ?? 10_000, (p) => {
      const args = ['-aet', aet, '-od', out];
      const tls = opts.tls;
      if (tls) {
        args.push('+tls', tls.key, tls.cert);
        if (tls.ca) args.push('+cf', tls.ca);
        // -rc: fail without a valid client cert; -vc: verify one if offered; -ic: ignore.
        args.push(tls.requireClientCert ? '-rc' : tls.ca ? '-vc' : '-ic');
        if (tls.extraArgs) args.push(...tls.extraArgs);
      }
      args.push(String(p));
      return { bin: 'storescp', args };
    });
    return { ...peerServer(name, aet, port, proc, dir), receivedDir: out };
  } catch (e) {
    removeTempDir(dir);
    throw e;
  }
}

/** dcmqrscp.cfg text for these AEs; exported so tests can see what was configured. */
export function dcmqrscpConfig(port: number, dir: string, aets: DcmqrscpAe[]): string {
  const hostTable: string[] = [];
  const aeTable: string[] = [];
  aets.forEach((ae, i) => {
    const area = join(dir, 'db', ae.aet);
    mkdirSync(area, { recursive: true });
    let peers = 'ANY';
    if (ae.peers !== 'ANY') {
      // HostTable triples are (AETitle, HostName, Port); the symbol groups them per AE.
      const symbols = ae.peers.map((p, j) => {
        const sym = `peer${i}_${j}`;
        hostTable.push(`${sym} = (${p.aet}, ${p.host}, ${p.port})`);
        return sym;
      });
      peers = `group${i}`;
      hostTable.push(symbols.length ? `${peers} = ${symbols.join(', ')}` : `${peers} = `);
    }
    aeTable.push(`${ae.aet} ${area} RW (10, 1024mb) ${peers}`);
  });
  return [
    `NetworkTCPPort = ${port}`,
    'MaxPDUSize = 16384',
    'MaxAssociations = 16',
    'HostTable BEGIN',
    ...hostTable,
    'HostTable END',
    'VendorTable BEGIN',
    'VendorTable END',
    'AETable BEGIN',
    ...aeTable,
    'AETable END',
    '',
  ].join('\n');
}

/**
 * dcmqrscp in its default fork mode (--single-process crashes after one
 * association) with -dhl (else peers listed by IP are refused). Unknown callers
 * addressed to a restricted AE get A-ASSOCIATE-RJ 1/1/7.
 */
export async function startDcmqrscp(opts: DcmqrscpOptions): Promise<PeerServer & { aets: string[] }> {
  if (opts.aets.length === 0) throw new Error('peers: startDcmqrscp needs at least one AE');
  const name = 'dcmqrscp';
  const dir = makeTempDir(name);
  const cfg = join(dir, 'dcmqrscp.cfg');
  try {
    const { proc, port } = await startDcmtk(name, dir, opts.readyTimeoutMs ?? 10_000, (p) => {
      writeFileSync(cfg, dcmqrscpConfig(p, dir, opts.aets));
      return { bin: 'dcmqrscp', args: ['-dhl', '-c', cfg, String(p)] };
    });
    const aets = opts.aets.map((a) => a.aet);
    return { ...peerServer(name, aets[0]!, port, proc, dir), aets };
  } catch (e) {
    removeTempDir(dir);
    throw e;
  }
}
