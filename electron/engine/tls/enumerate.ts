/**
 * Cipher suite enumeration of one TLS service (issue 15), per protocol version, the
 * way sslyze and testssl do it: offer a group of suites, note the one the server
 * picks, take it out of the group and offer the rest again, until the server refuses
 * what is left. So a version costs (accepted suites + 1) handshakes, not one per suite.
 * Then, once per service: whether the server enforces its own order (two accepted
 * suites offered in both orders), the ECDHE groups it accepts (one group offered
 * alone per handshake) and the DHE prime size of each DHE suite (from the handshake).
 *
 * Every handshake is bounded (connect + reply timeout, and the service's deadline);
 * they run one at a time, under the host's slot (ctx.holdHost), so the per-host limit
 * holds. Collected here, judged in ./judge-suites.ts and ./profiles.ts.
 */
import { sleep } from '../deadline';
import type { Outcome, ProbeContext, ServiceInfo } from '../types';
import { describeCertificate } from './certificate';
import { expectedNames, handshakeTimeoutMs } from './collect';
import { tlsHandshake, TLS_VERSIONS, type TlsDialResult, type TlsVersion } from './handshake';
import { buildClientHello, rawHello, type RawAnswer } from './raw-hello';
import { LEGACY_SUITES, RAW_SUITES, SUITES, TLS13_SUITES, suiteByCode, suiteByName, type SuiteInfo } from './suites';

/** Groups offered one at a time: the usual ones, then the small curves `tls.weak-key-exchange` looks for. */
export const ENUM_GROUPS: readonly string[] = ['X25519', 'prime256v1', 'secp384r1', 'secp521r1', 'X448', 'secp224r1', 'prime192v1'];

/** Security size in bits of a named group (getEphemeralKeyInfo reports X25519 as 253). */
export function groupBits(name: string, reported?: number): number {
  if (name === 'X25519') return 256;
  if (name === 'X448') return 448;
  return reported ?? 0;
}

/** What the enumeration of one version found. */
export interface VersionSuites {
  version: TlsVersion;
  /** True: at least one suite accepted. False: every offer refused. Null: could not tell (timeouts, cut short). */
  accepted: boolean | null;
  /** IANA names of the accepted suites, in the order the server picked them (its preference when it enforces one). */
  suites: string[];
  /** How the last offer ended (the refusal that closed the list, or why it stopped). */
  lastOutcome?: Outcome;
  lastAlert?: string;
}

/** Key exchange seen with one accepted suite. */
export interface SuiteKeyExchange {
  suite: string;
  version: TlsVersion;
  /** `ECDH` or `DH`; absent for static RSA key transport. */
  type?: string;
  /** Curve name (ECDH). */
  group?: string;
  /** DH prime bits, or the curve's size. */
  bits?: number;
}

/** Everything the suite and profile judges need. Plain JSON. */
export interface TlsEnumeration {
  kind: 'tls-suites';
  observedAt: number;
  versions: VersionSuites[];
  /** The server picks by its own order (true), by the client's (false), or unknown (null: fewer than two suites). */
  serverOrder: boolean | null;
  /** ECDHE groups accepted, each with its size in bits. */
  groups: { name: string; bits: number }[];
  /** Groups offered and refused. */
  groupsRefused: string[];
  /** Key exchange of each accepted suite (first time seen). */
  keyExchange: SuiteKeyExchange[];
  /** Key of the server's certificate (B.13 asks RSA >= 2048, ECDSA >= 256). */
  certificateKey?: { type: string; bits?: number };
  /** Handshakes made, and wall time, ms (benchmark figures; never judged). */
  handshakes: number;
  elapsedMs: number;
  /** What this client could not offer or observe, in words (evidence; never a pass). */
  notTested: string[];
  /** Why the enumeration stopped before the end (deadline, cancellation, client certificate demanded). */
  incomplete?: string;
}

/** Outcomes that mean the server refused what was offered (it answered, with an alert or a close). */
const REFUSED: ReadonlySet<Outcome> = new Set<Outcome>(['tls-error', 'connection-closed', 'connection-reset']);
/** Outcomes that may only mean the server was busy with the previous connection: offered once more. */
const RETRY: ReadonlySet<Outcome> = new Set<Outcome>(['connection-closed', 'connection-reset', 'connection-refused']);
const RETRY_PAUSE_MS = 100;

/** OpenSSL cipher string for a group of suites at a version. */
export function cipherString(suites: readonly SuiteInfo[], version: TlsVersion): string {
  const names = suites.map((s) => s.openssl).join(':');
  return version === 'TLSv1.3' ? names : `${names}:@SECLEVEL=0`;
}

/** Suites usable at a version. */
export function suitesFor(version: TlsVersion): SuiteInfo[] {
  if (version === 'TLSv1.3') return [...TLS13_SUITES];
  if (version === 'TLSv1.2') return [...LEGACY_SUITES];
  return LEGACY_SUITES.filter((s) => s.minVersion === '1.0');
}

/** Versions to enumerate (all, oldest first); exported for the benchmark and tests. */
export const ENUM_VERSIONS: readonly TlsVersion[] = TLS_VERSIONS;

/**
 * Enumerate. Never rejects; stops with what it has when the signal fires. The caller
 * holds the host's slot (the probe does).
 */
export async function enumerateTls(service: ServiceInfo, ctx: ProbeContext): Promise<TlsEnumeration> {
  const started = Date.now();
  const tlsOpts = ctx.options.tls;
  const useClientCert = service.protocol === 'dicom-tls' && !!tlsOpts?.cert && !!tlsOpts.key;
  const servername = expectedNames(service)[0];
  const out: TlsEnumeration = {
    kind: 'tls-suites',
    observedAt: started,
    versions: [],
    serverOrder: null,
    groups: [],
    groupsRefused: [],
    keyExchange: [],
    handshakes: 0,
    elapsedMs: 0,
    notTested: [
      'SSLv3 (compiled out of this client)',
      'PSK and SRP suites',
      'the key exchange size of 3DES/RC4/DES/export suites (offered by a hand-built ClientHello: the server\'s choice is read from its ServerHello, no handshake completes)',
      'the signature algorithm the server signs with (node:tls does not report it to a client)',
      'renegotiation and compression (node:tls does not report them; its OpenSSL never offers compression)',
    ],
  };
  const offer = async (version: TlsVersion, ciphers: string, ecdhCurve?: string): Promise<TlsDialResult> => {
    const once = (): Promise<TlsDialResult> => {
      out.handshakes += 1;
      return tlsHandshake({
        host: service.host,
        port: service.port,
        ...(servername ? { servername } : {}),
        minVersion: version,
        maxVersion: version,
        ciphers,
        ...(ecdhCurve ? { ecdhCurve } : {}),
        ...(useClientCert ? { cert: tlsOpts.cert, key: tlsOpts.key } : {}),
        signal: ctx.signal,
        timeoutMs: handshakeTimeoutMs(ctx),
      });
    };
    let r = await once();
    if (RETRY.has(r.outcome) && !r.serverCertificateSeen && !ctx.signal.aborted) {
      await sleep(RETRY_PAUSE_MS, ctx.signal).catch(() => undefined);
      if (!ctx.signal.aborted) r = await once();
    }
    return r;
  };
  /** The suites node:tls cannot offer, by hand-built ClientHellos: same loop, the ServerHello names the pick. */
  const offerRaw = async (vs: VersionSuites): Promise<void> => {
    const version = vs.version as Exclude<TlsVersion, 'TLSv1.3'>;
    let left = [...RAW_SUITES];
    while (left.length > 0 && !ctx.signal.aborted) {
      out.handshakes += 1;
      const hello = buildClientHello(version, left.map((s) => s.code), servername);
      let a: RawAnswer = await rawHello(service.host, service.port, hello, handshakeTimeoutMs(ctx), ctx.signal);
      if ((a.kind === 'closed' || a.kind === 'refused') && !ctx.signal.aborted) {
        await sleep(RETRY_PAUSE_MS, ctx.signal).catch(() => undefined);
        out.handshakes += 1;
        if (!ctx.signal.aborted) a = await rawHello(service.host, service.port, hello, handshakeTimeoutMs(ctx), ctx.signal);
      }
      if (a.kind !== 'server-hello') {
        if (a.kind === 'timeout' && !ctx.signal.aborted) out.notTested.push(`3DES/RC4/DES/export suites at ${version} (no answer to the hand-built ClientHello)`);
        return;
      }
      const picked = suiteByCode(a.suite);
      const wire = { TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303 }[version];
      if (a.version !== wire || !picked || !left.includes(picked)) return;
      vs.accepted = true;
      vs.suites.push(picked.iana);
      left = left.filter((s) => s !== picked);
    }
    if (ctx.signal.aborted) out.incomplete ??= `stopped at ${vs.version} while offering 3DES/RC4/DES/export suites`;
  };
  const seenKx = new Set<string>();
  const noteKx = (suite: SuiteInfo, version: TlsVersion, r: TlsDialResult): void => {
    if (seenKx.has(suite.iana)) return;
    seenKx.add(suite.iana);
    const kx: SuiteKeyExchange = { suite: suite.iana, version };
    if (r.ephemeral?.type) {
      kx.type = r.ephemeral.type;
      if (r.ephemeral.name) kx.group = r.ephemeral.name;
      const bits = r.ephemeral.name ? groupBits(r.ephemeral.name, r.ephemeral.size) : r.ephemeral.size;
      if (bits !== undefined) kx.bits = bits;
    }
    out.keyExchange.push(kx);
    if (!out.certificateKey && r.chain[0]) {
      const c = describeCertificate(r.chain[0]);
      if (c) out.certificateKey = { type: c.keyType, ...(c.keyBits !== undefined ? { bits: c.keyBits } : {}) };
    }
  };

  // Suites, version by version.
  for (const version of ENUM_VERSIONS) {
    const vs: VersionSuites = { version, accepted: null, suites: [] };
    out.versions.push(vs);
    let left = suitesFor(version);
    while (left.length > 0) {
      if (ctx.signal.aborted) {
        out.incomplete ??= `stopped at ${version}: ${ctx.signal.reason instanceof Error ? ctx.signal.reason.message : 'the deadline passed or the scan was cancelled'}`;
        break;
      }
      const r = await offer(version, cipherString(left, version));
      vs.lastOutcome = r.outcome;
      if (r.alert) vs.lastAlert = r.alert;
      const picked = r.outcome === 'success' && r.protocol === version && r.cipher ? suiteByName(r.cipher) : undefined;
      if (picked && left.includes(picked)) {
        vs.accepted = true;
        vs.suites.push(picked.iana);
        noteKx(picked, version, r);
        left = left.filter((s) => s !== picked);
        continue;
      }
      if (r.outcome === 'success') {
        // A version or suite we did not offer: stop here, say so.
        out.incomplete ??= `at ${version} the server answered with ${r.protocol ?? '?'} ${r.cipher ?? '?'}, which was not offered`;
        break;
      }
      if (r.serverCertificateSeen && r.alert === 'certificate required') {
        out.incomplete ??= `the server demands a client certificate before the handshake completes at ${version}; give one (--tls-cert/--tls-key) to enumerate its suites`;
        if (vs.suites.length === 0) vs.accepted = null;
        break;
      }
      if (REFUSED.has(r.outcome)) {
        if (vs.suites.length === 0) vs.accepted = false;
        break;
      }
      // Timeout or no connection: unknown from here on.
      out.incomplete ??= `at ${version} an offer ended with ${r.outcome}; the list may be incomplete`;
      break;
    }
    if (version !== 'TLSv1.3') await offerRaw(vs);
  }

  // Order: two accepted suites of the newest pre-1.3 version, offered in both orders.
  const offerable = (v: VersionSuites): SuiteInfo[] => v.suites.map((n) => suiteByName(n)).filter((s): s is SuiteInfo => !!s && SUITES.includes(s));
  const orderedAt = [...out.versions].reverse().find((v) => v.version !== 'TLSv1.3' && offerable(v).length >= 2);
  if (orderedAt && !ctx.signal.aborted) {
    const list = offerable(orderedAt);
    const a = list[0]!;
    const b = list[list.length - 1]!;
    const ab = await offer(orderedAt.version, cipherString([a, b], orderedAt.version));
    const ba = ctx.signal.aborted ? undefined : await offer(orderedAt.version, cipherString([b, a], orderedAt.version));
    if (ab.outcome === 'success' && ba?.outcome === 'success' && ab.cipher && ba.cipher) out.serverOrder = ab.cipher === ba.cipher;
  }

  // Groups: one ECDHE suite (or TLS 1.3) with one group offered at a time.
  const ecdheAt = [...out.versions].reverse().map((v) => ({ v, s: offerable(v).find((s) => s.kx === 'ECDH' || s.kx === 'any') })).find((x) => x.s);
  if (ecdheAt?.s) {
    for (const group of ENUM_GROUPS) {
      if (ctx.signal.aborted) {
        out.incomplete ??= 'stopped while offering key exchange groups';
        break;
      }
      const r = await offer(ecdheAt.v.version, cipherString([ecdheAt.s], ecdheAt.v.version), group);
      if (r.outcome === 'success' && r.ephemeral?.name) {
        if (!out.groups.some((g) => g.name === r.ephemeral!.name)) out.groups.push({ name: r.ephemeral.name, bits: groupBits(r.ephemeral.name, r.ephemeral.size) });
      } else if (REFUSED.has(r.outcome) && r.alert) {
        out.groupsRefused.push(group);
      } else if (r.outcome === 'tls-error' && !r.alert) {
        // Refused by this client before anything was sent (a curve its OpenSSL will not offer).
        out.notTested.push(`group ${group} (this client would not offer it)`);
      }
    }
  }
  out.elapsedMs = Date.now() - started;
  return out;
}

/** Every accepted suite with its versions, IANA names. */
export function acceptedSuites(e: TlsEnumeration): { suite: SuiteInfo; versions: TlsVersion[] }[] {
  const map = new Map<string, { suite: SuiteInfo; versions: TlsVersion[] }>();
  for (const v of e.versions) {
    for (const n of v.suites) {
      const s = suiteByName(n);
      if (!s) continue;
      const row = map.get(s.iana) ?? { suite: s, versions: [] };
      row.versions.push(v.version);
      map.set(s.iana, row);
    }
  }
  return [...map.values()];
}

/** Known suites (for tests). */
export const ALL_ENUMERATED_SUITES = SUITES;
