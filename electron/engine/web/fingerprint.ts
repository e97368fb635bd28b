/**
 * Recognising imaging web interfaces from a few HTTP answers (pure functions).
 * An answer is first reduced to an HttpSummary (headers that matter, the page
 * title, which product markers occur, the Orthanc /system fields, a DICOMweb
 * result COUNT) and the body is dropped: nothing from a response body that could
 * hold patient data is kept.
 *
 * Fingerprints, as seen on the real products:
 * - Orthanc: no Server header; `WWW-Authenticate: Basic realm="Orthanc Secure Area"`;
 *   `GET /` redirects to `app/explorer.html` (Explorer) or `ui/app/` (Explorer 2);
 *   `/system` is JSON with Name, Version, ApiVersion, DicomAet, DicomPort.
 * - OHIF: `<title>OHIF Viewer</title>` / `application-name` meta `OHIF Viewer`.
 * - dcm4chee-arc: the UI at /dcm4chee-arc/ui2/ titled `dcm4chee-arc-ui`.
 * - Horos / OsiriX web portal: title `Horos Web Portal` / `OsiriX Web Portal`, or
 *   the realm `OsiriX Web Portal (...)`.
 * - DICOMweb: a QIDO-RS `/studies` query answered with a DICOM JSON array (or 204).
 */
import { safePeerText } from '../../../shared/safe-text';
import type { Outcome } from '../types';
import type { HttpExchange } from './http';

/** Which request of the plan an answer belongs to. */
export type WebStep = 'root' | 'landing' | 'orthanc-system' | 'qido' | 'qido-root' | 'dcm4chee-ui' | 'dcm4chee-qido';

/** Body markers looked for; the names go into evidence. */
const MARKERS: readonly { name: string; re: RegExp }[] = [
  { name: 'orthanc-explorer', re: /<title>\s*Orthanc\s+Explorer\s*<\/title>|explorer\.js["']|orthanc-explorer\b/i },
  { name: 'orthanc-explorer-2', re: /Orthanc\s+Explorer\s+2|orthanc-explorer-2/i },
  { name: 'ohif', re: /<title>\s*OHIF\s+Viewer|content=["']OHIF\s+Viewer["']|@ohif\/app/i },
  { name: 'dcm4chee-arc-ui', re: /<title>\s*dcm4chee-arc-ui|dcm4chee-arc\/ui2/i },
  { name: 'horos-portal', re: /Horos\s+Web\s+Portal|horosproject\.org/i },
  { name: 'osirix-portal', re: /OsiriX\s+Web\s+Portal/i },
  { name: 'login-form', re: /<input[^>]*type\s*=\s*["']?password/i },
  { name: 'wildfly', re: /Welcome\s+to\s+WildFly/i },
];

/** What is kept of one HTTP exchange. Plain JSON; never a body. */
export interface HttpSummary {
  step: WebStep;
  /** Path requested (the QIDO key is a random `CLM-` id that cannot match). */
  path: string;
  outcome: Outcome;
  status?: number;
  location?: string;
  server?: string;
  wwwAuthenticate?: string;
  contentType?: string;
  /** Strict-Transport-Security header value. */
  hsts?: string;
  /** HTML <title>, cut to 120 characters. */
  title?: string;
  /** MARKERS found in the body. */
  markers: string[];
  /** Orthanc's /system fields (server settings, not patient data). */
  orthancSystem?: { Name?: string; Version?: string; ApiVersion?: number; DicomAet?: string; DicomPort?: number };
  /** A DICOM JSON answer: how many results and which attribute tags the first one carried; never values. */
  dicomJson?: { results: number | null; fieldNames: string[] };
  /** Body bytes read (at most the cap). */
  bodyBytes: number;
  truncated: boolean;
  error?: string;
}

/** A string field of the peer's JSON, made safe where it enters the results (a lone surrogate in Orthanc's /system answer must not block signing). */
function text(v: unknown): string | undefined {
  return typeof v === 'string' ? safePeerText(v, 64) : undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Reduce an exchange to what recognition and judgement need; the body is read here and dropped. */
export function summarise(step: WebStep, path: string, ex: HttpExchange): HttpSummary {
  const s: HttpSummary = { step, path, outcome: ex.outcome, markers: [], bodyBytes: ex.body.length, truncated: ex.truncated };
  if (ex.status !== undefined) s.status = ex.status;
  if (ex.error) s.error = ex.error;
  const h = ex.headers;
  if (h.location) s.location = h.location;
  if (h.server) s.server = h.server;
  if (h['www-authenticate']) s.wwwAuthenticate = h['www-authenticate'];
  if (h['content-type']) s.contentType = h['content-type'];
  if (h['strict-transport-security']) s.hsts = h['strict-transport-security'];
  if (ex.body.length === 0) return s;
  const body = ex.body.toString('latin1');
  const title = /<title[^>]*>([^<]{0,400})<\/title>/i.exec(body);
  if (title) s.title = safePeerText(title[1]!.replace(/\s+/g, ' ').trim(), 120);
  s.markers = MARKERS.filter((m) => m.re.test(body)).map((m) => m.name);
  if (step === 'orthanc-system' && ex.status === 200) {
    const j = parseJson(ex.body);
    if (j && typeof j === 'object' && !Array.isArray(j)) {
      const o = j as Record<string, unknown>;
      const sys: NonNullable<HttpSummary['orthancSystem']> = {};
      if (text(o.Name) !== undefined) sys.Name = text(o.Name);
      if (text(o.Version) !== undefined) sys.Version = text(o.Version);
      if (typeof o.ApiVersion === 'number') sys.ApiVersion = o.ApiVersion;
      if (text(o.DicomAet) !== undefined) sys.DicomAet = text(o.DicomAet);
      if (typeof o.DicomPort === 'number') sys.DicomPort = o.DicomPort;
      if (Object.keys(sys).length > 0) s.orthancSystem = sys;
    }
  }
  if ((step === 'qido' || step === 'qido-root' || step === 'dcm4chee-qido') && ex.status === 200) {
    const j = parseJson(ex.body);
    if (Array.isArray(j)) {
      const first: unknown = j[0];
      const fieldNames = first && typeof first === 'object' ? Object.keys(first).filter((k) => /^[0-9A-Fa-f]{8}$/.test(k)).slice(0, 32) : [];
      s.dicomJson = { results: j.length, fieldNames };
    } else if (/dicom\+json/i.test(s.contentType ?? '')) {
      // A DICOM JSON answer cut by the body cap: it answered, the count is unknown.
      s.dicomJson = { results: null, fieldNames: [] };
    }
  }
  return s;
}

/** A recognised interface. */
export interface WebRecognition {
  /** Product: `Orthanc`, `dcm4chee-arc`, `Horos`, `OsiriX`, `OHIF`, `DICOMweb`, or `login page`. */
  product: string;
  /** Interfaces seen, e.g. `Orthanc REST API`, `Orthanc Explorer`, `DICOMweb QIDO-RS`. */
  interfaces: string[];
  version?: string;
  /** How each interface was recognised, in words. */
  recognisedBy: string[];
}

/** True when a summary is a QIDO-RS answer (results array, or 204 No Content to a query). */
export function isQidoAnswer(s: HttpSummary): boolean {
  return (s.status === 200 && s.dicomJson !== undefined) || s.status === 204;
}

/** True when the summary asks for credentials. */
export function asksForCredentials(s: HttpSummary): boolean {
  return s.status === 401 || s.status === 403;
}

const PRODUCT_ORDER = ['Orthanc', 'dcm4chee-arc', 'Horos', 'OsiriX', 'OHIF', 'DICOMweb', 'login page'];

/** Recognise the interface behind a set of answers; undefined when nothing imaging-related answered. */
export function recognise(summaries: readonly HttpSummary[]): WebRecognition | undefined {
  const found = new Map<string, { interfaces: Set<string>; by: string[]; version?: string }>();
  const add = (product: string, iface: string, by: string, version?: string): void => {
    const e = found.get(product) ?? { interfaces: new Set<string>(), by: [] };
    e.interfaces.add(iface);
    e.by.push(by);
    if (version && !e.version) e.version = version;
    found.set(product, e);
  };
  for (const s of summaries) {
    const where = `${s.path} (${s.step})`;
    if (s.orthancSystem && (s.orthancSystem.Version !== undefined || s.orthancSystem.ApiVersion !== undefined) && s.orthancSystem.DicomAet !== undefined) {
      add('Orthanc', 'Orthanc REST API', `${where}: /system JSON with Version and DicomAet`, s.orthancSystem.Version);
    }
    if (s.wwwAuthenticate && /realm="?Orthanc Secure Area/i.test(s.wwwAuthenticate)) {
      add('Orthanc', 'Orthanc REST API', `${where}: WWW-Authenticate realm "Orthanc Secure Area"`);
    }
    if (s.step === 'root' && s.location && /(^|\/)app\/explorer\.html$/.test(s.location)) {
      add('Orthanc', 'Orthanc Explorer', `GET / redirects to ${s.location}`);
    }
    if (s.step === 'root' && s.location && /(^|\/)ui\/app\/?$/.test(s.location)) {
      add('Orthanc', 'Orthanc Explorer 2', `GET / redirects to ${s.location}`);
    }
    if (s.markers.includes('orthanc-explorer-2')) add('Orthanc', 'Orthanc Explorer 2', `${where}: page names Orthanc Explorer 2`);
    else if (s.markers.includes('orthanc-explorer')) add('Orthanc', 'Orthanc Explorer', `${where}: Orthanc Explorer page`);
    if (s.markers.includes('ohif')) add('OHIF', 'OHIF Viewer', `${where}: OHIF Viewer page`);
    if (s.markers.includes('dcm4chee-arc-ui')) add('dcm4chee-arc', 'dcm4chee-arc UI', `${where}: dcm4chee-arc-ui page`);
    if (s.markers.includes('horos-portal')) add('Horos', 'Horos Web Portal', `${where}: Horos Web Portal page`);
    if (s.markers.includes('osirix-portal') || /OsiriX\s+Web\s+Portal/i.test(s.wwwAuthenticate ?? '')) {
      add('OsiriX', 'OsiriX Web Portal', `${where}: OsiriX Web Portal page or realm`);
    }
    if ((s.step === 'qido' || s.step === 'qido-root' || s.step === 'dcm4chee-qido') && isQidoAnswer(s)) {
      const product = s.step === 'dcm4chee-qido' ? 'dcm4chee-arc' : 'DICOMweb';
      add(product, 'DICOMweb QIDO-RS', `${where}: answered a QIDO-RS query (HTTP ${s.status})`);
    }
    if (s.markers.includes('login-form') && (s.step === 'root' || s.step === 'landing')) {
      add('login page', 'login page', `${where}: page with a password field${s.title ? ` titled "${s.title}"` : ''}`);
    }
  }
  const product = PRODUCT_ORDER.find((p) => found.has(p));
  if (!product) return undefined;
  // A DICOMweb endpoint of a recognised product is that product's interface.
  const main = found.get(product)!;
  const interfaces = new Set(main.interfaces);
  const by = [...main.by];
  for (const [p, e] of found) {
    if (p === product) continue;
    if (p === 'DICOMweb' || p === 'login page' || p === 'OHIF') {
      e.interfaces.forEach((i) => interfaces.add(i));
      by.push(...e.by);
    }
  }
  const rec: WebRecognition = { product, interfaces: [...interfaces], recognisedBy: by };
  if (main.version) rec.version = main.version;
  return rec;
}
