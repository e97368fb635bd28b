/**
 * Agreement between Collimator and nmap's dicom-ping on one target set (pure):
 * port states host by host (they must agree everywhere), which ports speak DICOM,
 * and the AE policy of each DICOM service judged against what the bench configured
 * (the truth), plus what Collimator reports that dicom-ping cannot.
 *
 * AE policy is two questions per DICOM service, asked from an unknown caller:
 * does it accept an unknown calling AE (dicom.any-calling-ae), and does it accept a
 * random called AE (dicom.any-called-ae)? dicom-ping's "Any AET is accepted" answers
 * both with yes; its "Called AET check enabled" (any A-ASSOCIATE-RJ) answers the
 * second with no and leaves the first open: it reads no rejection reason.
 */
import type { ScanReport, ServiceResult } from '../shared/types';
import type { NmapRun } from './nmap-xml';

export type Answer = 'accepts' | 'refuses' | 'unknown';

/** What the bench built at one host:port. */
export interface TruthService {
  host: string;
  port: number;
  /** What it is, e.g. `Orthanc (restricted)`. */
  label: string;
  /** Speaks DICOM (plain or TLS). */
  dicom: boolean;
  /** DICOM inside TLS. */
  tls?: boolean;
  /** Accepts an association from an unknown calling AE addressed to its own AE title. */
  calling?: Exclude<Answer, 'unknown'>;
  /** Accepts an association from an unknown calling AE addressed to a random called AE. */
  called?: Exclude<Answer, 'unknown'>;
}

export interface StateDisagreement {
  host: string;
  port: number;
  nmap: string;
  collimator: string;
}

export interface AeTally {
  /** Questions asked: two per DICOM service of the truth. */
  questions: number;
  right: number;
  wrong: number;
  unknown: number;
}

export interface AeRow {
  host: string;
  port: number;
  label: string;
  truth: { calling?: Answer; called?: Answer };
  nmap: { calling: Answer; called: Answer; said: string };
  collimator: { calling: Answer; called: Answer; reason?: string };
}

export interface Agreement {
  /** host:port pairs both tools reported. */
  compared: number;
  stateDisagreements: StateDisagreement[];
  /** Pairs one tool reported and the other did not. */
  missing: { host: string; port: number; from: 'nmap' | 'collimator' }[];
  /** Plain-DICOM ports per tool; `disagree` lists where they differ. */
  dicom: { nmap: number; collimator: number; disagree: StateDisagreement[] };
  ae: { nmap: AeTally; collimator: AeTally; rows: AeRow[] };
  /** What Collimator adds. */
  extras: {
    /** DICOM services whose A-ASSOCIATE-RJ reason Collimator decoded, e.g. `calling AE title not recognized (1/1/3)`. */
    rejectReasons: { host: string; port: number; text: string }[];
    /** DICOM TLS ports found (dicom-ping fails on them). */
    dicomTls: string[];
    /** HTTP(S) services identified. */
    web: string[];
    /** Failing checks by id beyond detection (query-open, retrieve-open, store-open, tls.*, web.*...). */
    fails: Record<string, number>;
    /** Products fingerprinted. */
    products: Record<string, number>;
  };
}

const key = (host: string, port: number): string => `${host}:${port}`;

function answerOf(s: ServiceResult | undefined, id: 'dicom.any-calling-ae' | 'dicom.any-called-ae'): Answer {
  const st = s?.checks.find((c) => c.id === id)?.status;
  return st === 'fail' ? 'accepts' : st === 'pass' ? 'refuses' : 'unknown';
}

/** The decoded rejection Collimator recorded for a service, if any. */
function rejectText(s: ServiceResult): string | undefined {
  for (const id of ['dicom.any-calling-ae', 'dicom.any-called-ae'] as const) {
    const ev = s.checks.find((c) => c.id === id)?.evidence as { reject?: { text?: unknown }; attempts?: { reject?: { text?: unknown } }[] } | undefined;
    const t = ev?.reject?.text ?? ev?.attempts?.find((a) => a.reject)?.reject?.text;
    if (typeof t === 'string') return t;
  }
  return undefined;
}

function tally(rows: AeRow[], who: 'nmap' | 'collimator'): AeTally {
  const t: AeTally = { questions: 0, right: 0, wrong: 0, unknown: 0 };
  for (const r of rows) {
    for (const q of ['calling', 'called'] as const) {
      const truth = r.truth[q];
      if (truth === undefined) continue;
      t.questions++;
      const a = r[who][q];
      if (a === 'unknown') t.unknown++;
      else if (a === truth) t.right++;
      else t.wrong++;
    }
  }
  return t;
}

/**
 * Compare one run of each tool. `hosts` and `ports` are what both were asked to
 * scan; Collimator's report must come from `--all` (closed and filtered listed).
 */
export function compareRuns(hosts: readonly string[], ports: readonly number[], nmap: NmapRun, col: ScanReport, truth: readonly TruthService[]): Agreement {
  const colBy = new Map(col.services.map((s) => [key(s.host, s.port), s]));
  const out: Agreement = {
    compared: 0,
    stateDisagreements: [],
    missing: [],
    dicom: { nmap: 0, collimator: 0, disagree: [] },
    ae: { nmap: { questions: 0, right: 0, wrong: 0, unknown: 0 }, collimator: { questions: 0, right: 0, wrong: 0, unknown: 0 }, rows: [] },
    extras: { rejectReasons: [], dicomTls: [], web: [], fails: {}, products: {} },
  };
  for (const host of hosts) {
    for (const port of ports) {
      const n = nmap.hosts.get(host)?.ports.get(port);
      const c = colBy.get(key(host, port));
      if (!n || !c) {
        if (!n) out.missing.push({ host, port, from: 'nmap' });
        if (!c) out.missing.push({ host, port, from: 'collimator' });
        continue;
      }
      out.compared++;
      if (n.state !== c.state) out.stateDisagreements.push({ host, port, nmap: n.state, collimator: c.state });
      const nDicom = n.dicomPing !== 'none';
      const cDicom = c.protocol === 'dicom';
      if (nDicom) out.dicom.nmap++;
      if (cDicom) out.dicom.collimator++;
      if (nDicom !== cDicom) out.dicom.disagree.push({ host, port, nmap: n.dicomPing, collimator: c.protocol ?? c.state });
    }
  }
  for (const t of truth) {
    if (!t.dicom) continue;
    const n = nmap.hosts.get(t.host)?.ports.get(t.port);
    const c = colBy.get(key(t.host, t.port));
    const said = n?.dicomPing ?? 'none';
    const reason = c ? rejectText(c) : undefined;
    out.ae.rows.push({
      host: t.host,
      port: t.port,
      label: t.label,
      truth: { ...(t.calling ? { calling: t.calling } : {}), ...(t.called ? { called: t.called } : {}) },
      nmap: {
        calling: said === 'any-ae' ? 'accepts' : 'unknown',
        called: said === 'any-ae' ? 'accepts' : said === 'rejected' ? 'refuses' : 'unknown',
        said: said === 'any-ae' ? 'Any AET is accepted' : said === 'rejected' ? 'Called AET check enabled' : '(nothing)',
      },
      collimator: { calling: answerOf(c, 'dicom.any-calling-ae'), called: answerOf(c, 'dicom.any-called-ae'), ...(reason ? { reason } : {}) },
    });
  }
  out.ae.nmap = tally(out.ae.rows, 'nmap');
  out.ae.collimator = tally(out.ae.rows, 'collimator');
  for (const s of col.services) {
    if (s.state !== 'open') continue;
    const where = key(s.host, s.port);
    if (s.protocol === 'dicom-tls') out.extras.dicomTls.push(where);
    if (s.protocol === 'http' || s.protocol === 'https') out.extras.web.push(`${where} ${s.protocol}`);
    if (s.protocol === 'dicom' || s.protocol === 'dicom-tls') {
      const r = rejectText(s);
      if (r) out.extras.rejectReasons.push({ host: s.host, port: s.port, text: r });
    }
    if (s.product?.name) out.extras.products[s.product.name] = (out.extras.products[s.product.name] ?? 0) + 1;
    for (const c of s.checks) {
      if (c.status !== 'fail' || c.id === 'dicom.detected' || c.id === 'web.detected') continue;
      out.extras.fails[c.id] = (out.extras.fails[c.id] ?? 0) + 1;
    }
  }
  return out;
}
