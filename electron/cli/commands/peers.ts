/**
 * `collimator peers FILE... [--format auto|orthanc|dcmtk|dcm4chee|pcap] [--since DATE] [--db FILE] [--json]`:
 * learn who calls which DICOM server from the servers' own logs (Orthanc --verbose, DCMTK
 * -v/-d, dcm4chee-arc server.log; rotated and gzip'd files too) or a capture
 * (pcap/pcapng, through tshark when installed, else a built-in reader). Passive: nothing
 * is sent to any device. Only association facts are kept (logs hold patient data).
 *
 * With --db the learned peers are stored (a file learned again replaces what it taught)
 * and the text output compares them with the inventory. Exit: 0 done (problems are
 * listed), 2 bad usage or a FILE that does not exist (nothing read or stored), 130 Ctrl-C.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_NOT_SEEN_DAYS, PEER_LOG_FORMATS, type LearnResult, type PeerFormatChoice, type StoredObservedPeer } from '../../../shared/observed-peers';
import { learnPeers, mergeResults, mergeWithInventory, ReadCancelled } from '../../peers';
import { createObservedPeersRepo } from '../../store';
import { flag, formatOptions, HELP_OPTION, parseCommandArgs, str, type OptionDef } from '../args';
import { EXIT, UsageError } from '../errors';
import type { CliIO } from '../io';
import { openDatabase } from '../open-db';
import { clean } from '../output/text';

const OPTIONS: readonly OptionDef[] = [
  { name: 'format', type: 'string', value: 'FORMAT', help: 'auto (default), orthanc, dcmtk, dcm4chee or pcap' },
  { name: 'since', type: 'string', value: 'DATE', help: 'leave out associations before DATE (YYYY-MM-DD or ISO-8601; lines without a time are kept)' },
  { name: 'db', type: 'string', value: 'FILE', help: 'store the learned peers in this SQLite database and compare them with its inventory' },
  { name: 'json', type: 'boolean', help: 'print { lines, problems, servers } as JSON' },
  HELP_OPTION,
];

export function peersHelp(): string {
  return [
    'Usage: collimator peers FILE... [--format auto|orthanc|dcmtk|dcm4chee|pcap] [--since DATE] [--db FILE] [--json]',
    '',
    'Learns the DICOM peers of your servers from their own logs or a capture, without sending',
    'anything: Orthanc (--verbose), DCMTK dcmqrscp/wlmscpfs/storescp (-v, and -d for storescp),',
    'dcm4chee-arc (WildFly server.log), pcap/pcapng (tshark when installed, else built in).',
    'Rotated (.1) and gzip\'d (.gz) files are read as they are. Per server (host:port/called AE):',
    'calling AE, address, requests (echo, store, find, move, get), first and last seen, count,',
    'accepted or refused. Only these facts are kept: no other text of a log line.',
    '',
    'Options:',
    formatOptions(OPTIONS),
    '',
    'Exit: 0 done (lines it could not use are listed as problems), 2 bad usage or a missing FILE.',
    '',
  ].join('\n');
}

function parseSince(value: string | undefined): number | null {
  if (value === undefined) return null;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new UsageError(`--since ${JSON.stringify(value)} is not a date (YYYY-MM-DD or ISO-8601)`);
  return t;
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('peers', argv, OPTIONS, true);
  if (flag(values, 'help')) {
    io.stdout.write(peersHelp());
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('peers needs at least one FILE (a server log or a capture)');
  const format = (str(values, 'format') ?? 'auto') as PeerFormatChoice;
  if (format !== 'auto' && !(PEER_LOG_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${JSON.stringify(format)} is not one of auto, ${PEER_LOG_FORMATS.join(', ')}`);
  const since = parseSince(str(values, 'since'));
  for (const f of positionals) {
    if (!existsSync(f)) throw new UsageError(`no file ${f}`);
    if (!statSync(f).isFile()) throw new UsageError(`${f} is not a file`);
  }
  const dbFile = str(values, 'db');
  const store = dbFile === undefined ? undefined : openDatabase(dbFile);

  const controller = new AbortController();
  const stop = io.onSignal(['SIGINT', 'SIGTERM'], () => controller.abort());
  try {
    const results: LearnResult[] = [];
    for (const file of positionals) {
      const r = await learnPeers([{ name: file, src: { path: file } }], {
        format,
        since,
        signal: controller.signal,
        onProgress: io.stderr.isTTY ? (p) => io.stderr.write(`\r${clean(p.file)}: ${p.bytesTotal ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100}%`) : undefined,
      });
      if (io.stderr.isTTY) io.stderr.write('\n');
      results.push(r);
      if (store) createObservedPeersRepo(store.db).replaceSource(resolve(file), format === 'auto' ? 'mixed' : format, r.servers, new Date().toISOString());
    }
    const all = mergeResults(results);
    if (flag(values, 'json')) io.stdout.write(`${JSON.stringify(all)}\n`);
    else io.stdout.write(describe(all, store ? inventoryLines(store) : []));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ReadCancelled) {
      io.stderr.write('collimator: peers interrupted: nothing more read\n');
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    stop();
    store?.close();
  }

  function inventoryLines(s: NonNullable<typeof store>): string[] {
    const peers: StoredObservedPeer[] = createObservedPeersRepo(s.db).list();
    const m = mergeWithInventory(s.inventory.list(), peers, DEFAULT_NOT_SEEN_DAYS);
    const out = ['', `Against the inventory (${s.inventory.list().length} nodes; all peers learned so far):`];
    out.push(`  known and seen: ${m.knownSeen.length}`);
    for (const p of m.seenNotInInventory) out.push(`  seen, not in the inventory (propose adding): ${clean(p.callingAe ?? '?')} at ${clean(p.address ?? '?')}`);
    for (const n of m.notSeenRecently) out.push(`  in the inventory, not seen in ${m.days} days (review; nothing is removed): ${clean(n.node.aeTitle)} at ${clean(n.node.host)}:${n.node.port}`);
    return out;
  }
}

function describe(r: LearnResult, extra: string[]): string {
  const out: string[] = [`${r.lines.read} lines read, ${r.lines.understood} understood, ${r.lines.malformed} malformed`];
  for (const s of r.servers) {
    out.push('', `${clean(s.host ?? '?')}:${s.port ?? '?'}/${clean(s.calledAe ?? '?')}`);
    for (const p of s.peers) {
      const when = p.firstSeen ? ` ${p.firstSeen} .. ${p.lastSeen}` : '';
      out.push(`  ${p.accepted ? 'accepted' : 'REFUSED '} ${clean(p.callingAe ?? '?').padEnd(16)} ${clean(p.address ?? '?').padEnd(15)} x${p.count} ${p.operations.join(',') || '-'}${when}`);
    }
  }
  if (r.problems.length) {
    out.push('', 'Problems:');
    for (const p of r.problems) out.push(`  ${clean(p.at)}: ${clean(p.reason)}`);
  }
  out.push(...extra);
  return `${out.join('\n')}\n`;
}
