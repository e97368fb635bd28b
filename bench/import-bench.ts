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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { timedRun } from './proc';

export interface ImportBenchRow {
  banners: number;
  gzipBytes: number;
  wallMs: number;
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
export async function makeShodanGzip(file: string, banners: number): Promise<number> {
  const gz = createGzip({ level: 6 });
  const out = createWriteStream(file);
  gz.pipe(out);
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const t0 = Date.parse('2026-06-01T00:00:00Z');
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
      ...(m === 'https' || (m === 'dicom' && port === 2762) ? { ssl: { versions: ['TLSv1.2'], cipher: { name: 'ECDHE-RSA-AES128-GCM-SHA256' } } } : {}),
      ...(m.startsWith('http') ? { http: { status: 200, title: words.slice(0, 40) } } : {}),
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
    for (const n of [Math.max(1, Math.floor(banners / 4)), banners]) {
      const file = join(dir, `shodan-${n}.json.gz`);
      log(`bench: import: making ${n} banners...`);
      const gzipBytes = await makeShodanGzip(file, n);
      log(`bench: import: ${n} banners (${(gzipBytes / 1e6).toFixed(1)} MB gzip)...`);
      const r = await timedRun(process.execPath, [BIN, 'import', file, '--db', join(dir, `import-${n}.db`)], { deadlineMs: 900_000, env: { ...process.env, COLLIMATOR_DB: join(dir, 'unused.db') } });
      const imported = /imported (\d+) observations/.exec(r.stdout)?.[1];
      rows.push({
        banners: n,
        gzipBytes,
        wallMs: r.wallMs,
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
  const lines = ['', '## Import throughput (Shodan gzip, `collimator import`)', '', '| banners | gzip MB | wall s | MB/s of gzip | peak RSS MB | goal | |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const rss = r.peakRss === undefined ? '-' : (r.peakRss / 1024 / 1024).toFixed(0);
    const met = r.ok && r.mbPerSecond >= 50 && (r.peakRss === undefined || r.peakRss < 300 * 1024 * 1024);
    lines.push(`| ${r.banners.toLocaleString('en-US')} | ${(r.gzipBytes / 1e6).toFixed(1)} | ${(r.wallMs / 1000).toFixed(2)} | ${r.mbPerSecond.toFixed(1)} | ${rss} | >= 50 MB/s, < 300 MB | ${r.ok ? (met ? 'met' : 'not met') : `failed: ${r.note ?? ''}`} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number(process.argv[2] ?? 1_000_000);
  void importBench(n, (s) => process.stderr.write(`${s}\n`)).then((rows) => process.stdout.write(renderImportBench(rows)));
}
