/**
 * Why an open service got its protocol, in one line an imaging admin understands
 * (ServiceResult.protocolBasis): "answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC",
 * "TLS (TLSv1.3), then an A-ASSOCIATE-AC inside it", "answered an HTTP GET / with 200",
 * "silent for 5000 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either",
 * "sent bytes that are not DICOM, HTTP or TLS: \"SSH-2.0-OpenSSH_9.2p1\\r\\n\"", ...
 *
 * Pure: reads only what identification stored in ServiceInfo.identification (the
 * shapes of identify.ts, identify-other.ts and dicom/identification.ts) and never
 * throws, whatever that object holds. The line is at most BASIS_MAX_CHARS
 * characters, with every control character, line break and bidirectional override
 * escaped: parts of it (first bytes, error messages, a redirect target) are the
 * peer's choice.
 */
import { isDicomAnswer, type AssociationRecord } from './dicom/association';
import { readDicomIdentification } from './dicom/identification';
import type { ServiceInfo } from './types';
import { replaceUnsafe } from '../../shared/safe-text';

/** Longest protocolBasis, characters (code points). */
export const BASIS_MAX_CHARS = 200;

/** Most peer bytes shown (the DICOM link keeps no more than this many). */
const SHOWN_BYTES = 32;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * `s` on one line: every unsafe character (shared/safe-text.ts decides which) shown as
 * `\t`, `\n`, `\r`, `\xNN` or `\uNNNN`. Deliberately not safe-text's ␛ / [U+202E] / U+FFFD
 * notation: this line quotes a peer's bytes, and escapes keep them exact and reversible.
 */
export function escapeLine(s: string): string {
  return replaceUnsafe(s, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** At most `max` code points, ending in `…` when cut (a surrogate pair is never split). */
function cut(s: string, max: number): string {
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`;
}

/** A short, safe piece of peer-chosen text (a version, a path, an error). */
function piece(v: string, max: number): string {
  return cut(escapeLine(v), max);
}

/** The peer's first bytes from their stored hex; undefined when absent or not clean hex. */
export function bytesFromHex(hex: unknown): Buffer | undefined {
  if (typeof hex !== 'string') return undefined;
  // Only the bytes shown are read: a very long string costs nothing more.
  const head = hex.slice(0, 2 * SHOWN_BYTES);
  if (head.length === 0 || head.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(head)) return undefined;
  return Buffer.from(head, 'hex');
}

/**
 * Bytes as a person reads them: quoted text when they are printable ASCII (tab, CR
 * and LF allowed and shown escaped), else spaced hex. At most 32 bytes; `…` when the
 * peer may have sent more.
 */
export function showBytes(b: Buffer): string {
  const shown = b.subarray(0, SHOWN_BYTES);
  const more = b.length >= SHOWN_BYTES ? '…' : '';
  const printable = shown.every((x) => (x >= 0x20 && x <= 0x7e) || x === 0x09 || x === 0x0a || x === 0x0d);
  if (printable) return `"${escapeLine(shown.toString('latin1'))}${more}"`;
  return `hex ${[...shown].map((x) => x.toString(16).padStart(2, '0')).join(' ')}${more}`;
}

/** What the first bytes look like (as identify-other.ts classifies them). */
function bytesKind(b: Buffer): 'http' | 'tls' | 'other' {
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === 'HTTP/') return 'http';
  if ((b[0] === 0x15 || b[0] === 0x16) && (b.length < 2 || b[1] === 0x03)) return 'tls';
  return 'other';
}

/** The final line: escaped, one line, at most BASIS_MAX_CHARS. */
function finish(s: string): string {
  return cut(escapeLine(s), BASIS_MAX_CHARS);
}

/** `TLS (TLSv1.3)`, `TLS (TLSv1.2, with the client certificate)`, or `TLS`. */
function tlsWords(handshake: unknown): string {
  const h = isObject(handshake) ? handshake : {};
  const parts: string[] = [];
  const version = str(h.protocol);
  if (version) parts.push(piece(version, 16));
  if (h.clientCertificateUsed === true) parts.push('with the client certificate');
  return parts.length ? `TLS (${parts.join(', ')})` : 'TLS';
}

/** The DICOM answer in words: `an A-ASSOCIATE-AC` or `an A-ASSOCIATE-RJ (rejected ...)`. */
function dicomAnswer(r: AssociationRecord): string {
  if (r.outcome === 'success') return 'an A-ASSOCIATE-AC';
  const detail = str(r.detail);
  return detail ? `an A-ASSOCIATE-RJ (${piece(detail, 120)})` : 'an A-ASSOCIATE-RJ';
}

/** The first attempt that got a well-formed A-ASSOCIATE-AC or -RJ. */
function firstDicomAnswer(identification: Json): AssociationRecord | undefined {
  const id = readDicomIdentification(identification);
  return id?.attempts.find((r) => isObject(r) && isDicomAnswer(r));
}

function dicomBasis(identification: Json): string {
  const r = firstDicomAnswer(identification);
  return r ? `answered the A-ASSOCIATE-RQ with ${dicomAnswer(r)}` : 'DICOM (no A-ASSOCIATE-AC or -RJ kept as evidence)';
}

function dicomTlsBasis(identification: Json): string {
  const r = firstDicomAnswer(identification);
  const tls = tlsWords(identification.tlsHandshake);
  if (!r) return `${tls}, then DICOM inside it (no A-ASSOCIATE-AC or -RJ kept as evidence)`;
  const answer = dicomAnswer(r);
  // "an A-ASSOCIATE-RJ (reason) inside it" reads badly: the reason goes last.
  const paren = answer.indexOf(' (');
  return paren < 0 ? `${tls}, then ${answer} inside it` : `${tls}, then ${answer.slice(0, paren)} inside it${answer.slice(paren)}`;
}

/** `answered an HTTP GET / with 302 (to /app/explorer.html)`, from the web observation. */
function httpAnswer(web: unknown): string | undefined {
  if (!isObject(web) || !Array.isArray(web.exchanges)) return undefined;
  const root = (web.exchanges as unknown[]).find((e): e is Json => isObject(e) && e.step === 'root');
  if (!root || typeof root.status !== 'number' || !Number.isInteger(root.status)) return undefined;
  const path = piece(str(root.path) ?? '/', 40);
  const location = str(root.location);
  const to = location && root.status >= 300 && root.status < 400 ? ` (to ${piece(location, 60)})` : '';
  return `answered an HTTP GET ${path} with ${root.status}${to}`;
}

function webBasis(protocol: 'http' | 'https', identification: Json): string {
  const answer = httpAnswer(identification.web) ?? 'answered HTTP (no answer to GET / kept as evidence)';
  if (protocol === 'http') return answer;
  return `${tlsWords(identification.tlsHandshake)}, then, inside it, ${answer}`;
}

/** A TLS service whose inner protocol could not be told. */
function tlsUnknownBasis(identification: Json): string {
  const h = isObject(identification.tlsHandshake) ? identification.tlsHandshake : {};
  const tls = tlsWords(h);
  const alert = str(h.alert);
  const alertWords = alert ? ` (alert "${piece(alert, 40)}")` : '';
  if (h.clientCertificateDemanded === true && h.clientCertificateUsed !== true) {
    return `${tls}, but it demands a client certificate${alertWords} and none was given: the protocol inside could not be told`;
  }
  return `${tls}, but neither DICOM nor HTTP answered inside it${alertWords}: the protocol inside could not be told`;
}

/** The `N` of "no answer within N ms", when the detail says it. */
function silentMs(detail: string): string | undefined {
  return /no answer within (\d{1,9}) ms/.exec(detail)?.[1];
}

/** Why a port that was asked the DICOM question (and maybe TLS and HTTP after it) stayed `unknown`. */
function unidentifiedDicomBasis(attempts: readonly AssociationRecord[]): string {
  const a = attempts.find(isObject);
  if (!a) return 'not identified: no association request was sent (out of time or cancelled)';
  const detail = typeof a.detail === 'string' ? a.detail : '';
  const bytes = bytesFromHex(a.peerFirstBytesHex);
  const asked = detail.startsWith('no answer to the association request');
  const either = '; no TLS or HTTP answer either';
  switch (a.outcome) {
    case 'deadline':
      return 'not identified: the time allowed for this service ran out before an answer';
    case 'cancelled':
      return 'not identified: the scan was cancelled before an answer';
    case 'connection-refused':
      return 'refused the connection at identification (it was open in the sweep)';
    case 'connection-timeout':
      return `did not take the connection at identification${detail ? ` (${piece(detail, 60)})` : ''}`;
    case 'association-aborted': {
      const abort = isObject(a.abort) ? str(a.abort.text) : undefined;
      return `answered the A-ASSOCIATE-RQ with an A-ABORT${abort ? ` (${piece(abort, 100)})` : ''}, not an A-ASSOCIATE-AC or -RJ`;
    }
    default:
      break;
  }
  if (bytes) {
    if (a.outcome === 'protocol-error' && /^malformed A-/.test(detail)) return `answered the A-ASSOCIATE-RQ with a ${piece(detail, 120)}: ${showBytes(bytes)}`;
    const kind = bytesKind(bytes);
    if (kind === 'http') return `answered the A-ASSOCIATE-RQ with HTTP (${showBytes(bytes)}), but GET / got no HTTP answer`;
    if (kind === 'tls') return `answered the A-ASSOCIATE-RQ with a TLS record (${showBytes(bytes)}), but no TLS handshake completed`;
    return `sent bytes that are not DICOM, HTTP or TLS: ${showBytes(bytes)}${a.outcome === 'io-timeout' ? ', then went silent' : ''}`;
  }
  switch (a.outcome) {
    case 'io-timeout': {
      const ms = silentMs(detail);
      return `${ms ? `silent for ${ms} ms` : 'silent'} after an A-ASSOCIATE-RQ${either}`;
    }
    case 'connection-closed':
      return asked ? `closed the connection without a word after an A-ASSOCIATE-RQ${either}` : `the connection failed: ${piece(detail || 'closed', 120)}`;
    case 'connection-reset':
      return `reset the connection without a word${asked ? ' after an A-ASSOCIATE-RQ' : ''}${either}`;
    default:
      return `no DICOM, TLS or HTTP answer (${piece(String(a.outcome), 30)}${detail ? `: ${piece(detail, 100)}` : ''})`;
  }
}

function unknownBasis(identification: Json): string {
  if (identification.tls === true) return tlsUnknownBasis(identification);
  const id = readDicomIdentification(identification);
  if (id) return unidentifiedDicomBasis(id.attempts);
  if (Object.keys(identification).length === 0) return 'not identified: identification did not run';
  return 'not identified: no DICOM, TLS or HTTP answer was recorded';
}

/** An identification that ended in an error (scan.ts: deadline, cancel, a failure). */
function errorBasis(error: string): string {
  return /identification|internal error/i.test(error) ? error : `identification failed: ${error}`;
}

/**
 * One line saying why `info` got its protocol. Never throws; never longer than
 * BASIS_MAX_CHARS; no control characters or line breaks.
 */
export function protocolBasis(info: ServiceInfo): string {
  try {
    const identification: Json = isObject(info.identification) ? info.identification : {};
    const error = str(identification.error);
    if (error) return finish(errorBasis(error));
    switch (info.protocol) {
      case 'dicom':
        return finish(dicomBasis(identification));
      case 'dicom-tls':
        return finish(dicomTlsBasis(identification));
      case 'http':
      case 'https':
        return finish(webBasis(info.protocol, identification));
      case 'unknown':
        return finish(unknownBasis(identification));
      default:
        return finish(`reported as ${String(info.protocol)}`);
    }
  } catch (e) {
    // The identification object is plain JSON from our own code; this guards against a shape nobody planned for.
    return finish(`the reason could not be put in words (${e instanceof Error ? e.message : String(e)})`);
  }
}
