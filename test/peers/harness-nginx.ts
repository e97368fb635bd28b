/**
 * nginx as the TLS terminator in front of a peer server's HTTP port (Orthanc's own
 * HTTPS crashes in Debian's build; nginx in front is also how many sites run it).
 * One nginx process, one HTTPS listener per site, each with its own certificate,
 * protocol list and HSTS choice; optionally a plain-HTTP listener per site that
 * redirects to HTTPS. Run with `-p <tmpdir> -c <conf> -e <log> -g 'daemon off;'`,
 * everything under its own temp dir, stopped by PID.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, LAB_HOST, tcpAccepts, waitUntil } from './harness/net';
import { makeTempDir, once, readTail, removeTempDir, spawnPeer, stopPeerProcess } from './harness/process';
import { whichBinary } from './harness/skip';

/** One HTTPS listener. */
export interface NginxSite {
  /** Name for error messages. */
  name: string;
  /** PEM file paths. */
  cert: string;
  key: string;
  /** ssl_protocols; default TLSv1.2 TLSv1.3. */
  protocols?: string[];
  /** Add `Strict-Transport-Security: max-age=31536000` (or this exact value). */
  hsts?: boolean | string;
  /** Port on 127.0.0.1 to proxy to (e.g. Orthanc's HttpPort); without it, a static page answers. */
  upstreamPort?: number;
  /** Also listen on plain HTTP, answering every request with a 301 to the HTTPS listener. */
  httpRedirect?: boolean;
  /** Log `$remote_user $request_method $request_uri $status` per request (see NginxServer.accessLog). */
  accessLog?: boolean;
  /** ssl_ciphers; default DEFAULT@SECLEVEL=0. */
  ciphers?: string;
  /** ssl_dhparam file (PEM). */
  dhparam?: string;
  /** ssl_ecdh_curve. */
  ecdhCurve?: string;
  /** ssl_prefer_server_ciphers on. */
  preferServerCiphers?: boolean;
}

/** A running nginx. */
export interface NginxServer {
  host: string;
  pid: number;
  /** Ports per site name: `https`, and `http` for sites with httpRedirect. */
  ports: Record<string, { https: number; http?: number }>;
  /** nginx's error log, for failure messages. */
  errorLog: string;
  /** Lines of a site's access log (sites with accessLog): `user method uri status`, user `-` when none was sent. */
  accessLog(site: string): string[];
  stop(): Promise<void>;
}

function siteBlock(site: NginxSite, https: number, http: number | undefined, logPath: string): string {
  const protocols = site.protocols ?? ['TLSv1.2', 'TLSv1.3'];
  const hsts = site.hsts === true ? 'max-age=31536000' : typeof site.hsts === 'string' ? site.hsts : undefined;
  const lines = [
    '  server {',
    `    listen ${LAB_HOST}:${https} ssl;`,
    `    ssl_certificate ${site.cert};`,
    `    ssl_certificate_key ${site.key};`,
    `    ssl_protocols ${protocols.join(' ')};`,
    // SECLEVEL=0 lets OpenSSL 3 serve TLS 1.0/1.1 and small keys, as old sites still do.
    `    ssl_ciphers ${site.ciphers ?? 'DEFAULT@SECLEVEL=0'};`,
    ...(site.dhparam ? [`    ssl_dhparam ${site.dhparam};`] : []),
    ...(site.ecdhCurve ? [`    ssl_ecdh_curve ${site.ecdhCurve};`] : []),
    ...(site.preferServerCiphers ? ['    ssl_prefer_server_ciphers on;'] : []),
    ...(hsts ? [`    add_header Strict-Transport-Security "${hsts}" always;`] : []),
    // $remote_user is read from any Basic Authorization header: it shows credential attempts.
    ...(site.accessLog ? [`    access_log ${logPath} clm;`] : []),
    '    location / {',
    ...(site.upstreamPort
      ? [`      proxy_pass http://${LAB_HOST}:${site.upstreamPort};`, '      proxy_set_header Host $host;', '      proxy_read_timeout 10s;']
      : ["      default_type text/html;", "      return 200 '<html><head><title>lab</title></head><body>lab</body></html>';"]),
    '    }',
    '  }',
  ];
  if (http !== undefined) {
    lines.push('  server {', `    listen ${LAB_HOST}:${http};`, `    return 301 https://$host:${https}$request_uri;`, '  }');
  }
  return lines.join('\n');
}

/**
 * Start nginx with these sites and wait until every listener accepts. A port
 * taken by another process between picking and binding fails the start: it is
 * tried again with new ports, three times in all.
 */
export async function startNginx(sites: NginxSite[]): Promise<NginxServer> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startNginxOnce(sites);
    } catch (err) {
      last = err;
      if (err instanceof Error && err.message.includes('not installed')) throw err;
    }
  }
  throw last;
}

async function startNginxOnce(sites: NginxSite[]): Promise<NginxServer> {
  const bin = whichBinary('nginx');
  if (!bin) throw new Error('peers: nginx is not installed');
  const dir = makeTempDir('nginx');
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) mkdirSync(join(dir, d));
  const ports: NginxServer['ports'] = {};
  const blocks: string[] = [];
  for (const site of sites) {
    const https = await freePort();
    const http = site.httpRedirect ? await freePort() : undefined;
    ports[site.name] = { https, ...(http !== undefined ? { http } : {}) };
    blocks.push(siteBlock(site, https, http, join(dir, 'logs', `access-${site.name}.log`)));
  }
  const errorLog = join(dir, 'logs', 'error.log');
  const conf = [
    // As root, workers would otherwise drop to `nobody` and could not read the 0700 temp dir.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${errorLog} warn;`,
    'events { worker_connections 128; }',
    'http {',
    '  access_log off;',
    "  log_format clm '$remote_user $request_method $request_uri $status';",
    ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((d) => `  ${d === 'body' ? 'client_body' : d}_temp_path ${join(dir, d)};`),
    ...blocks,
    '}',
    '',
  ].join('\n');
  const confPath = join(dir, 'nginx.conf');
  writeFileSync(confPath, conf);
  const proc = spawnPeer(bin, ['-p', dir, '-c', confPath, '-e', errorLog, '-g', 'daemon off;'], { cwd: dir, logPath: join(dir, 'stdout.log') });
  const all = Object.values(ports).flatMap((p) => [p.https, ...(p.http !== undefined ? [p.http] : [])]);
  const ready = await waitUntil(async () => (await Promise.all(all.map((p) => tcpAccepts(LAB_HOST, p)))).every(Boolean), {
    timeoutMs: 15_000,
    intervalMs: 100,
    abort: () => proc.hasExited(),
  });
  if (!ready) {
    await stopPeerProcess(proc);
    const why = `${readTail(errorLog, 10)}\n${proc.logTail(10)}`;
    removeTempDir(dir);
    throw new Error(`peers: nginx did not start:\n${why}`);
  }
  return {
    host: LAB_HOST,
    pid: proc.pid,
    ports,
    errorLog,
    accessLog: (site) => {
      try {
        return readFileSync(join(dir, 'logs', `access-${site}.log`), 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    stop: once(async () => {
      try {
        await stopPeerProcess(proc);
      } finally {
        removeTempDir(dir);
      }
    }),
  };
}
