/**
 * The opt-in `web.default-credentials` check: the recognised product's own documented
 * default login, tried once per credential pair against the one endpoint that tells
 * whether it worked. Never a list, never a guess, never another product's defaults.
 */
import type { CheckResult } from '../../../shared/types';
import { checkResult } from '../tls/check-result';
import type { Outcome, ProbeContext, ProbeOptions } from '../types';
import { requestTimeoutMs, type WebObservation, type WebTarget } from './collect';
import { summarise, type HttpSummary } from './fingerprint';
import { httpExchange } from './http';

/** A vendor-documented default login. */
export interface DefaultCredential {
  /** Product as recognise() names it. */
  product: string;
  username: string;
  password: string;
  /** Endpoint that answers 200 only with valid credentials. */
  path: string;
  /** Where the default is documented. */
  source: string;
  /** Does an answer prove the login worked? */
  accepted(s: HttpSummary): boolean;
}

/**
 * Known defaults. Orthanc: with RemoteAccessAllowed true and no RegisteredUsers it
 * creates orthanc/orthanc (Orthanc Book, "Security"; lab-notes).
 */
export const DEFAULT_CREDENTIALS: readonly DefaultCredential[] = [
  {
    product: 'Orthanc',
    username: 'orthanc',
    password: 'orthanc',
    path: '/system',
    source: 'Orthanc Book: remote access without registered users creates the user orthanc/orthanc',
    accepted: (s) => s.status === 200 && s.orthancSystem !== undefined,
  },
];

/** One login attempt, without the password (it is the vendor's public default anyway). */
export interface CredentialAttempt {
  product: string;
  username: string;
  path: string;
  outcome: Outcome;
  status?: number;
  accepted: boolean;
}

/** Observation of `web.default-credentials`. */
export interface DefaultCredentialsObservation {
  kind: 'default-credentials';
  /** Product recognised, if any. */
  product?: string;
  /** Why nothing was tried, when nothing was. */
  notTried?: 'not-opted-in' | 'not-recognised' | 'no-documented-defaults' | 'no-login-asked' | 'unreachable';
  attempts: CredentialAttempt[];
}

/** Did the endpoint a default is tried on already answer WITHOUT credentials? */
function openWithoutLogin(web: WebObservation, cred: DefaultCredential): boolean | undefined {
  const s = web.exchanges.find((e) => e.path === cred.path);
  if (!s || s.outcome !== 'success') return undefined;
  return cred.accepted(s);
}

/**
 * Try each default of the recognised product once (only when opted in). `web` is the
 * service's web observation (from identification or collected for this purpose).
 */
export async function tryDefaultCredentials(
  target: WebTarget,
  web: WebObservation,
  ctx: ProbeContext,
): Promise<DefaultCredentialsObservation> {
  const obs: DefaultCredentialsObservation = { kind: 'default-credentials', attempts: [] };
  if (!ctx.options.optIn.has('web.default-credentials')) return { ...obs, notTried: 'not-opted-in' };
  const product = web.recognition?.product;
  if (!product) return { ...obs, notTried: web.exchanges.some((e) => e.outcome === 'success') ? 'not-recognised' : 'unreachable' };
  obs.product = product;
  const creds = DEFAULT_CREDENTIALS.filter((c) => c.product === product);
  if (creds.length === 0) return { ...obs, notTried: 'no-documented-defaults' };
  // One attempt per pair: a Set guards against a duplicated table entry.
  const tried = new Set<string>();
  for (const cred of creds) {
    const key = `${cred.username}\u0000${cred.password}\u0000${cred.path}`;
    if (tried.has(key) || ctx.signal.aborted) continue;
    tried.add(key);
    const open = openWithoutLogin(web, cred);
    if (open === true) {
      obs.notTried = 'no-login-asked';
      continue;
    }
    const ex = await httpExchange({
      host: target.host,
      port: target.port,
      tls: web.tls,
      path: cred.path,
      headers: { accept: 'application/json' },
      basicAuth: { username: cred.username, password: cred.password },
      ...(target.hostNames?.[0] ? { servername: target.hostNames[0] } : {}),
      signal: ctx.signal,
      timeoutMs: requestTimeoutMs(ctx),
    });
    const s = summarise('orthanc-system', cred.path, ex);
    obs.attempts.push({
      product,
      username: cred.username,
      path: cred.path,
      outcome: s.outcome,
      ...(s.status !== undefined ? { status: s.status } : {}),
      accepted: cred.accepted(s),
    });
  }
  if (obs.attempts.length > 0) delete obs.notTried;
  return obs;
}

/** Pure judgement of `web.default-credentials`. */
export function judgeDefaultCredentials(obs: DefaultCredentialsObservation, options: ProbeOptions): CheckResult {
  const id = 'web.default-credentials';
  if (!options.optIn.has(id) || obs.notTried === 'not-opted-in') return checkResult(id, 'skipped', `not run: needs --opt-in ${id}`);
  const ev = { product: obs.product ?? null, attempts: obs.attempts };
  const hit = obs.attempts.find((a) => a.accepted);
  if (hit) return checkResult(id, 'fail', `${hit.product} accepts its vendor default login "${hit.username}"`, ev);
  if (obs.attempts.length > 0) {
    const unclear = obs.attempts.filter((a) => a.outcome !== 'success' || (a.status !== 401 && a.status !== 403));
    if (unclear.length > 0) {
      return checkResult(id, 'inconclusive', `the default login attempt got no clear answer (${unclear.map((a) => a.status ?? a.outcome).join(', ')})`, ev);
    }
    return checkResult(id, 'pass', `${obs.product ?? 'the product'} refuses its vendor default login`, ev);
  }
  switch (obs.notTried) {
    case 'no-login-asked':
      return checkResult(id, 'not-applicable', 'no login is asked at all (see web.unauthenticated)', ev);
    case 'no-documented-defaults':
      return checkResult(id, 'not-applicable', `no documented default login is known for ${obs.product ?? 'this product'}`, ev);
    case 'not-recognised':
      return checkResult(id, 'not-applicable', 'not a recognised imaging product: there is no documented default to try', ev);
    default:
      return checkResult(id, 'inconclusive', 'the web server could not be reached to try the default login', ev);
  }
}
