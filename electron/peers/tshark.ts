/**
 * Reading a capture through tshark (Wireshark's command line), when it is installed:
 * the DICOM dissector is enabled on every TCP port by its heuristic (and on 104), and
 * only association fields are asked for: addresses, ports, PDU types, AE titles, the
 * rejection fields, and the command field of P-DATA-TF (the request kind).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cleanAddress, cleanAe, type PeerCollector } from './collector';
import { ReadCancelled } from './lines';
import type { PeerOperation } from '../../shared/observed-peers';

const FIELDS = [
  'frame.time_epoch', 'ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport',
  'dicom.pdu.type', 'dicom.assoc.ae.calling', 'dicom.assoc.ae.called', 'dicom.assoc.reject.result', 'dicom.tag', 'dicom.tag.value.16u',
];
const COMMANDS: Record<number, PeerOperation> = { 0x0030: 'echo', 0x0001: 'store', 0x0020: 'find', 0x0021: 'move', 0x0010: 'get' };

let found: string | null | undefined;
/** The tshark binary on PATH (COLLIMATOR_TSHARK overrides; `none` disables it), or null. */
export function tsharkPath(): string | null {
  const env = process.env.COLLIMATOR_TSHARK;
  if (env === 'none') return null;
  if (env) return env;
  if (found !== undefined) return found;
  const r = spawnSync('tshark', ['--version'], { stdio: 'ignore', timeout: 10_000 });
  found = r.status === 0 ? 'tshark' : null;
  return found;
}

export class TsharkError extends Error {}

interface Assoc {
  server: string;
  port: number;
  client: string;
  called: string | null;
  calling: string | null;
  at: number | null;
  outcome: boolean | null;
  ops: Set<PeerOperation>;
}

/** Reads `path` with tshark into `out`; TsharkError with tshark's own first line when it cannot. */
export async function readCaptureWithTshark(bin: string, path: string, out: PeerCollector, signal?: AbortSignal): Promise<{ pdus: number; open: number }> {
  const args = ['-n', '-r', path, '--enable-heuristic', 'dicom_tcp', '-d', 'tcp.port==104,dicom', '-o', 'dicom.tag_tree:TRUE', '-Y', 'dicom', '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const f of FIELDS) args.push('-e', f);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', onAbort);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 4096) stderr += c.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const assocs = new Map<string, Assoc>();
  let pdus = 0;
  const finish = (key: string, a: Assoc): void => {
    assocs.delete(key);
    if (a.outcome === null) return;
    out.add({ host: a.server, port: a.port, calledAe: a.called, callingAe: a.calling, address: a.client, accepted: a.outcome, at: a.at, operations: [...a.ops], count: 1 });
  };
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      const f = line.split('\t');
      const at = Number(f[0]) * 1000;
      const src = cleanAddress(f[1] || f[2]);
      const dst = cleanAddress(f[3] || f[4]);
      const sport = Number(f[5]);
      const dport = Number(f[6]);
      if (!src || !dst || !Number.isInteger(sport) || !Number.isInteger(dport)) continue;
      const types = (f[7] ?? '').split(',').map((t) => Number(t));
      for (const type of new Set(types)) {
        pdus++;
        if (type === 1) {
          const key = `${src}|${sport}|${dst}|${dport}`;
          const prev = assocs.get(key);
          if (prev) finish(key, prev);
          assocs.set(key, { server: dst, port: dport, client: src, calling: cleanAe((f[8] ?? '').split(',')[0]), called: cleanAe((f[9] ?? '').split(',')[0]), at: Number.isFinite(at) ? at : null, outcome: null, ops: new Set() });
        } else if (type === 2 || type === 3) {
          const key = `${dst}|${dport}|${src}|${sport}`;
          const a = assocs.get(key);
          if (a && a.outcome === null) {
            a.outcome = type === 2;
            if (type === 3) finish(key, a);
          }
        } else if (type === 4) {
          const a = assocs.get(`${src}|${sport}|${dst}|${dport}`);
          const tags = (f[11] ?? '').split(',');
          if (a && tags.includes('0x00000100')) {
            const op = COMMANDS[Number((f[12] ?? '').split(',')[0])];
            if (op) a.ops.add(op);
          }
        } else if (type === 5 || type === 6 || type === 7) {
          for (const key of [`${src}|${sport}|${dst}|${dport}`, `${dst}|${dport}|${src}|${sport}`]) {
            const a = assocs.get(key);
            if (a && a.outcome !== null) finish(key, a);
          }
        }
      }
    }
    const code = await exited;
    if (signal?.aborted) throw new ReadCancelled();
    if (code !== 0) {
      const first = stderr.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('Running as user')) ?? `exit code ${String(code)}`;
      throw new TsharkError(`tshark cannot read it: ${first.replace(/^tshark: /, '')}`);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  let open = 0;
  for (const [k, a] of [...assocs]) {
    if (a.outcome === null) open++;
    finish(k, a);
  }
  return { pdus, open };
}
