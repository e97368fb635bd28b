/**
 * Reads nmap's XML output (-oX -) for the comparison: per host and port the state,
 * and what dicom-ping said. Pure and dependency-free: nmap's XML is regular enough
 * for a small tag scanner, and ports summarised in <extraports> are expanded from
 * their <extrareasons ports="..."> lists (or, without one, from the ports scanned).
 */

/** What dicom-ping concluded on a port. */
export type DicomPing =
  /** "Any AET is accepted (Insecure)": it got an A-ASSOCIATE-AC. */
  | 'any-ae'
  /** "Called AET check enabled": it got an A-ASSOCIATE-RJ (any reason). */
  | 'rejected'
  /** The script ran (or not) and found no DICOM. */
  | 'none';

export interface NmapPort {
  port: number;
  /** `open`, `closed`, `filtered` for a connect scan (anything else is kept as nmap wrote it). */
  state: string;
  /** nmap's reason, e.g. `syn-ack`, `conn-refused`, `no-response`, `host-unreach`. */
  reason?: string;
  dicomPing: DicomPing;
}

export interface NmapHost {
  addr: string;
  /** Every scanned port, keyed by number. */
  ports: Map<number, NmapPort>;
}

export interface NmapRun {
  hosts: Map<string, NmapHost>;
  /** nmap's own elapsed time, s (runstats). */
  elapsedS?: number;
}

/** XML attribute values decoded (nmap escapes &, <, >, quotes and newlines as &#xa;). */
export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] ?? '';
  });
}

/** Attributes of one start tag. */
function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

/** `1-3,5,8080` → [1,2,3,5,8080]. */
export function expandPortList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    for (let p = lo; p <= hi && p - lo <= 65_535; p++) out.push(p);
  }
  return out;
}

/** dicom-ping's output in its words → what it concluded. */
export function classifyDicomPing(output: string | undefined): DicomPing {
  if (!output) return 'none';
  if (/Any AET is accepted/i.test(output)) return 'any-ae';
  if (/Called AET check enabled/i.test(output)) return 'rejected';
  return 'none';
}

/** Parse nmap's XML; `scannedPorts` fills hosts whose summarised ports carry no list. */
export function parseNmapXml(xml: string, scannedPorts: readonly number[]): NmapRun {
  const run: NmapRun = { hosts: new Map() };
  const finished = /<finished\b[^>]*>/.exec(xml);
  if (finished) {
    const e = Number(attrs(finished[0]).elapsed);
    if (Number.isFinite(e)) run.elapsedS = e;
  }
  for (const hm of xml.matchAll(/<host\b[^>]*>([\s\S]*?)<\/host>/g)) {
    const body = hm[1]!;
    const addrTag = /<address\b[^>]*addrtype="ipv[46]"[^>]*>/.exec(body);
    if (!addrTag) continue;
    const host: NmapHost = { addr: attrs(addrTag[0]).addr ?? '', ports: new Map() };
    for (const pm of body.matchAll(/<port\b([^>]*)>([\s\S]*?)<\/port>/g)) {
      const port = Number(attrs(pm[1]!).portid);
      const inner = pm[2]!;
      const st = /<state\b[^>]*>/.exec(inner);
      const sa = st ? attrs(st[0]) : {};
      const script = /<script\b[^>]*id="dicom-ping"[^>]*>/.exec(inner);
      host.ports.set(port, {
        port,
        state: sa.state ?? 'unknown',
        ...(sa.reason ? { reason: sa.reason } : {}),
        dicomPing: classifyDicomPing(script ? attrs(script[0]).output : undefined),
      });
    }
    // Ports nmap summarised ("Not shown: 5 closed tcp ports").
    const extras = [...body.matchAll(/<extraports\b([^>]*)>([\s\S]*?)<\/extraports>|<extraports\b([^>]*)\/>/g)];
    for (const em of extras) {
      const ea = attrs(em[1] ?? em[3] ?? '');
      const state = ea.state ?? 'unknown';
      const reasons = [...(em[2] ?? '').matchAll(/<extrareasons\b[^>]*>/g)].map((r) => attrs(r[0]));
      const listed = reasons.flatMap((r) => (r.ports ? expandPortList(r.ports).map((p) => ({ p, reason: r.reason })) : []));
      if (listed.length > 0) {
        for (const { p, reason } of listed) if (!host.ports.has(p)) host.ports.set(p, { port: p, state, ...(reason ? { reason } : {}), dicomPing: 'none' });
      } else if (extras.length === 1) {
        // One summary and no list: every scanned port not shown has its state.
        for (const p of scannedPorts) if (!host.ports.has(p)) host.ports.set(p, { port: p, state, dicomPing: 'none' });
      }
    }
    run.hosts.set(host.addr, host);
  }
  return run;
}
