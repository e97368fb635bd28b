/**
 * The Server screen's TLS profile panel (issue 15), as a pure view model read from
 * the `tls.profile` and `tls.weak-cipher` evidence. Evidence is untrusted JSON from
 * the store: every field is checked, anything malformed is left out.
 */
import type { CheckResult } from '../../../shared/types';

export interface SuiteRow {
  /** `TLSv1.2|TLS_ECDHE_...`. */
  key: string;
  version: string;
  suite: string;
  /** Key exchange in words: `ECDHE X25519 (256 bits)`, `DHE 1024 bits`, `RSA key transport`, or '' when not seen. */
  keyExchange: string;
  /** Why it is outside BCP 195, or undefined. */
  weak?: string;
}

export interface ProfileRow {
  id: string;
  title: string;
  retired: boolean;
  met: boolean | null;
  reason?: string;
}

export interface TlsProfileView {
  status: CheckResult['status'];
  /** "meets B.12 (...)" / "meets only retired Basic TLS: ...". */
  verdict: string;
  /** Best profile id, or null. */
  best: string | null;
  suites: SuiteRow[];
  profiles: ProfileRow[];
  serverOrder: boolean | null;
  groups: string[];
  notTested: string[];
  incomplete?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const VERSION_WORDS: Record<string, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

/** The panel's data, or undefined when the service has no usable `tls.profile` result (not TLS, not run). */
export function tlsProfileView(checks: readonly CheckResult[]): TlsProfileView | undefined {
  const profile = checks.find((c) => c.id === 'tls.profile');
  if (!profile || profile.status === 'not-applicable') return undefined;
  const ev = profile.evidence;
  const weak = new Map<string, string>();
  const weakEv = checks.find((c) => c.id === 'tls.weak-cipher')?.evidence;
  for (const w of arr(weakEv?.weakSuites)) if (isObj(w) && str(w.suite) && str(w.why)) weak.set(w.suite as string, w.why as string);
  const kx = new Map<string, string>();
  for (const k of arr(ev.keyExchange)) {
    if (!isObj(k) || !str(k.suite) || !str(k.version)) continue;
    const bits = typeof k.bits === 'number' ? k.bits : undefined;
    const words = k.type === 'ECDH' ? `ECDHE ${str(k.group) ?? ''}${bits ? ` (${bits} bits)` : ''}`.replace('  ', ' ') : k.type === 'DH' ? `DHE ${bits ?? '?'} bits` : 'RSA key transport';
    kx.set(`${k.version as string}|${k.suite as string}`, words);
  }
  const suites: SuiteRow[] = [];
  for (const v of arr(ev.suitesByVersion)) {
    if (!isObj(v) || !str(v.version)) continue;
    for (const s of arr(v.suites)) {
      if (!str(s)) continue;
      const key = `${v.version as string}|${s as string}`;
      const row: SuiteRow = { key, version: VERSION_WORDS[v.version as string] ?? (v.version as string), suite: s as string, keyExchange: kx.get(key) ?? ((s as string).startsWith('TLS_RSA_') ? 'RSA key transport' : '') };
      const w = weak.get(s as string);
      if (w) row.weak = w;
      suites.push(row);
    }
  }
  const profiles: ProfileRow[] = [];
  for (const p of arr(ev.profiles)) {
    if (!isObj(p) || !str(p.id) || !str(p.title)) continue;
    const row: ProfileRow = { id: p.id as string, title: p.title as string, retired: p.retired === true, met: p.met === true ? true : p.met === false ? false : null };
    if (str(p.reason)) row.reason = p.reason as string;
    profiles.push(row);
  }
  const view: TlsProfileView = {
    status: profile.status,
    verdict: str(ev.verdict) ?? profile.summary,
    best: str(ev.bestProfile) ?? null,
    suites,
    profiles,
    serverOrder: typeof ev.serverOrder === 'boolean' ? ev.serverOrder : null,
    groups: arr(ev.groups).flatMap((g) => (isObj(g) && str(g.name) ? [`${g.name as string}${typeof g.bits === 'number' ? ` (${g.bits})` : ''}`] : [])),
    notTested: arr(ev.notTested).filter((n): n is string => typeof n === 'string'),
  };
  if (str(ev.incomplete)) view.incomplete = ev.incomplete as string;
  return view;
}
