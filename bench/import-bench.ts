/**
 * Import throughput (issue 13): a Shodan download of N banners (gzip, one JSON banner
 * per line, documentation addresses only: data, never dialled) made here, then
 * imported by the real command (`collimator import FILE --db DB`) in its own process:
 * MB/s of gzip input over the wall time, peak RSS (GNU time), for N/4 and N banners,
 * so a flat RSS as the file grows shows. Goal: >= 50 MB/s of gzip input, RSS < 300 MB.
 *
 *   npm run bench -- --import               (in the bench report, 1,000,000 banners)
 *   npx tsx bench/import-bench.ts [BANNERS] (alone)
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { timedRun } from './proc';

/**
 * `short`: the bench's first banners, about 700 bytes each (a sentence of `data` from
 * an 18-word vocabulary: gzip shrinks it 8 times). `full`: banners shaped like
 * Shodan's with their bulk, an http.html page (1-6 KB of markup with random ids and
 * text) on web ports and an ssl.chain of two PEM certificates (random base64) on TLS
 * ports, about 3 KB each on average and 3 to 4 times smaller in gzip. Both are kept:
 * `short` is the harder case per MB of gzip (more banners, and more inflated bytes,
 * per compressed byte); `full` is closer to a real download.
 */
export type BannerShape = 'short' | 'full';

export interface ImportBenchRow {
  banners: number;
  shape?: BannerShape;
  gzipBytes: number;
  wallMs: number;
  /** user + sys of the import process (GNU time), when known: the number that load does not inflate much. */
  cpuMs?: number;
  /** The 1-minute load average when the run started. */
  load: number;
  mbPerSecond: number;
  peakRss?: number;
  imported?: number;
  ok: boolean;
  note?: string;
}

const BIN = fileURLToPath(new URL('../bin/collimator.mjs', import.meta.url));
const MODULES = ['dicom', 'http', 'https', 'ssh', 'ftp', 'dicom', 'rdp', 'smb'];
const PRODUCTS = ['Orthanc', 'DCMTK', 'nginx', 'Apache httpd', 'OpenSSH', 'Microsoft IIS', 'dcm4chee', 'Conquest'];
const WORDS = ['Server', 'Accept', 'Content-Type', 'text/html', 'HTTP/1.1', '200', 'OK', 'Date', 'Connection', 'keep-alive', 'DICOM', 'AE', 'PACS', 'modality', 'title', 'version', 'welcome', 'login'];

/** Writes N banners as a gzip file; resolves with its size. */
export async function makeShodanGzip(file: string, banners: number, shape: BannerShape = 'short'): Promise<number> {
  const gz = createGzip({ level: 6 });
  const out = createWriteStream(file);
  gz.pipe(out);
  // mulberry32: the LCG used before (`seed % n` of its low bits) cycled with the number
  // of draws per banner, so 99.5 % of the banners came out as dicom on port 104.
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const t0 = Date.parse('2026-06-01T00:00:00Z');
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const base64 = (n: number): string => {
    let out = '';
    for (let k = 0; k < n; k++) out += B64[rnd(64)];
    return out;
  };
  const pem = (): string => `-----BEGIN CERTIFICATE-----\n${Array.from({ length: 20 }, () => base64(64)).join('\n')}\n-----END CERTIFICATE-----\n`;
  const html = (): string => {
    const parts = ['<!DOCTYPE html><html><head><title>PACS Web</title><meta charset="utf-8"></head><body>'];
    for (let k = 4 + rnd(40); k > 0; k--) parts.push(`<div class="c${rnd(50)}" id="n${rnd(1e9).toString(36)}"><a href="/s/${rnd(1e6).toString(36)}">${WORDS[rnd(WORDS.length)]} ${WORDS[rnd(WORDS.length)]} ${rnd(1e6)}</a><span>"${base64(8 + rnd(24))}"</span></div>\n`);
    parts.push('</body></html>');
    return parts.join('');
  };
  let buf = '';
  for (let i = 0; i < banners; i++) {
    const v6 = i % 5 === 4;
    const host = v6 ? `2001:db8::${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}` : `${i % 2 ? '203.0.113' : '198.51.100'}.${(i % 254) + 1}`;
    const m = MODULES[rnd(MODULES.length)]!;
    const port = m === 'dicom' ? [104, 11112, 4242, 2762][rnd(4)]! : m === 'https' ? 443 : m === 'http' ? [80, 8080, 8042][rnd(3)]! : 22;
    const words = Array.from({ length: 30 + rnd(30) }, () => WORDS[rnd(WORDS.length)]).join(' ');
    const b: Record<string, unknown> = {
      ...(v6 ? { ipv6: host } : { ip_str: host, ip: rnd(1 << 30) }),
      port,
      transport: 'tcp',
      timestamp: new Date(t0 + rnd(180 * 86_400_000)).toISOString().replace('Z', '123'),
      product: PRODUCTS[rnd(PRODUCTS.length)],
      version: `${rnd(4)}.${rnd(20)}.${rnd(10)}`,
      data: `${words} ${rnd(1e9).toString(36)}`,
      hostnames: [`h${rnd(1e6)}.example.org`],
      org: 'Example Health Network',
      tags: ['medical'],
      location: { country_code: 'XX', city: 'Example' },
      _shodan: { module: m, id: rnd(1e9).toString(16), crawler: rnd(1e9).toString(16) },
      ...(m === 'https' || (m === 'dicom' && port === 2762)
        ? {
            ssl: {
              versions: ['TLSv1.2'],
              cipher: { name: 'ECDHE-RSA-AES128-GCM-SHA256' },
              ...(shape === 'full' ? { chain: [pem(), pem()], cert: { serial: rnd(1e9), sig_alg: 'sha256WithRSAEncryption', fingerprint: { sha256: base64(43) } } } : {}),
            },
          }
        : {}),
      ...(m.startsWith('http') ? { http: { status: 200, title: words.slice(0, 40), ...(shape === 'full' ? { html: html(), html_hash: rnd(1 << 30), server: 'nginx' } : {}) } } : {}),
    };
    buf += `${JSON.stringify(b)}\n`;
    if (buf.length > 1 << 20) {
      if (!gz.write(buf)) await once(gz, 'drain');
      buf = '';
    }
  }
  gz.end(buf);
  await once(out, 'finish');
  return statSync(file).size;
}

export async function importBench(banners = 1_000_000, log: (s: string) => void = () => undefined): Promise<ImportBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'collimator-bench-import-'));
  const rows: ImportBenchRow[] = [];
  try {
    const runs: Array<[number, BannerShape]> = [
      [Math.max(1, Math.floor(banners / 4)), 'short'],
      [banners, 'short'],
      [Math.max(1, Math.floor(banners / 4)), 'full'],
    ];
    for (const [n, shape] of runs) {
      const file = join(dir, `shodan-${n}-${shape}.json.gz`);
      log(`bench: import: making ${n} ${shape} banners...`);
      const gzipBytes = await makeShodanGzip(file, n, shape);
      log(`bench: import: ${n} ${shape} banners (${(gzipBytes / 1e6).toFixed(1)} MB gzip)...`);
      const load = loadavg()[0]!;
      const r = await timedRun(process.execPath, [BIN, 'import', file, '--db', join(dir, `import-${n}-${shape}.db`)], { deadlineMs: 900_000, env: { ...process.env, COLLIMATOR_DB: join(dir, 'unused.db') } });
      const imported = /imported (\d+) observations/.exec(r.stdout)?.[1];
      rmSync(file, { force: true });
      rows.push({
        banners: n,
        shape,
        gzipBytes,
        wallMs: r.wallMs,
        ...(r.cpuMs !== undefined ? { cpuMs: r.cpuMs } : {}),
        load,
        mbPerSecond: gzipBytes / 1e6 / (r.wallMs / 1000),
        ...(r.peakRss !== undefined ? { peakRss: r.peakRss } : {}),
        ...(imported ? { imported: Number(imported) } : {}),
        ok: r.code === 0,
        ...(r.code === 0 ? {} : { note: r.stderr.trim().split('\n')[0] }),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function renderImportBench(rows: readonly ImportBenchRow[]): string {
  const lines = ['', '## Import throughput (Shodan gzip, `collimator import`)', '', '| banners | shape | gzip MB | wall s | CPU s | load | MB/s of gzip | peak RSS MB | goal | |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const rss = r.peakRss === undefined ? '-' : (r.peakRss / 1024 / 1024).toFixed(0);
    const met = r.ok && r.mbPerSecond >= 50 && (r.peakRss === undefined || r.peakRss < 300 * 1024 * 1024);
    lines.push(`| ${r.banners.toLocaleString('en-US')} | ${r.shape ?? 'short'} | ${(r.gzipBytes / 1e6).toFixed(1)} | ${(r.wallMs / 1000).toFixed(2)} | ${r.cpuMs === undefined ? '-' : (r.cpuMs / 1000).toFixed(2)} | ${r.load.toFixed(1)} | ${r.mbPerSecond.toFixed(1)} | ${rss} | >= 50 MB/s, < 300 MB | ${r.ok ? (met ? 'met' : 'not met') : `failed: ${r.note ?? ''}`} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number(process.argv[2] ?? 1_000_000);
  void importBench(n, (s) => process.stderr.write(`${s}\n`)).then((rows) => process.stdout.write(renderImportBench(rows)));
}
