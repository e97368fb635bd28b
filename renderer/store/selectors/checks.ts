/**
 * The Server view's checks: order, labels, techniques and evidence in words.
 * Pure; no React, no DOM.
 */
import {
  ATTACK_TECHNIQUES,
  CATALOG,
  CHECK_IDS,
  isCheckId,
  severityRank,
  type CheckStatus,
  type Severity,
} from '../../../shared/catalog';
import { ATTACK_DESCRIPTIONS } from '../../../shared/attack';
import type { CheckResult, Evidence } from '../../../shared/types';

/**
 * A status as the screen shows it. The glossary: fail (a control is missing: fix it),
 * pass, not applicable (the check does not apply to this service), inconclusive (could
 * not tell), skipped; and noted: an info check that "fails" only records that something
 * exists (a DICOM service answered). It is never a red Fail and never counted as one.
 */
export type ShownStatus = CheckStatus | 'noted';

export const STATUS_LABEL: Record<ShownStatus, string> = {
  fail: 'Fail',
  pass: 'Pass',
  inconclusive: 'Inconclusive',
  'not-applicable': 'Not applicable',
  skipped: 'Skipped',
  noted: 'Noted',
};

export function shownStatus(c: { status: CheckStatus; severity?: Severity }): ShownStatus {
  return c.status === 'fail' && c.severity === 'info' ? 'noted' : c.status;
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  info: 'Info',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/** Group order on the Server view: what needs action first, what did not apply last. */
const STATUS_ORDER: Record<CheckStatus, number> = { fail: 0, inconclusive: 1, pass: 2, skipped: 3, 'not-applicable': 4 };

function catalogIndex(id: string): number {
  const i = (CHECK_IDS as readonly string[]).indexOf(id);
  return i < 0 ? CHECK_IDS.length : i;
}

/** Fails first (most severe first), then inconclusive, pass, skipped, not applicable; catalog order within a group. */
export function orderChecks(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => {
    const group = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    if (group !== 0) return group;
    if (a.status === 'fail') {
      const sev = severityRank(b.severity) - severityRank(a.severity);
      if (sev !== 0) return sev;
    }
    return catalogIndex(a.id) - catalogIndex(b.id);
  });
}

/** The catalog title, or the raw id for a check this build does not know (a newer engine). */
export function checkTitle(id: string): string {
  return isCheckId(id) ? CATALOG[id].title : id;
}

export interface TechniqueLabel {
  id: string;
  /** MITRE's name, or a plain note when the id is not in this build's list. */
  name: string;
  /** MITRE's description shipped with the app (shared/attack.ts); absent for an id this build does not know. */
  description?: string;
  /** The technique's page on attack.mitre.org, shown as text to copy (the app opens no external pages). */
  url?: string;
}

export function techniquesOf(check: Pick<CheckResult, 'attack'>): TechniqueLabel[] {
  const names: Readonly<Record<string, string>> = ATTACK_TECHNIQUES;
  const info: Readonly<Record<string, { description: string; url: string } | undefined>> = ATTACK_DESCRIPTIONS;
  return check.attack.map((id) => {
    const known = info[id];
    const label: TechniqueLabel = { id, name: names[id] ?? 'Technique not in this version of the catalog' };
    if (known) {
      label.description = known.description;
      label.url = known.url;
    }
    return label;
  });
}

/** Counts per status, for the summary line of the Server view. */
/** Checks by shown status: an info finding counts as noted, so "fail" matches the failing checks above info. */
export function statusCounts(checks: readonly CheckResult[]): Record<ShownStatus, number> {
  const counts: Record<ShownStatus, number> = { fail: 0, pass: 0, inconclusive: 0, 'not-applicable': 0, skipped: 0, noted: 0 };
  for (const c of checks) counts[shownStatus(c)] += 1;
  return counts;
}

/** One line of evidence: a label an admin reads, and its value in words. */
export interface EvidenceEntry {
  label: string;
  /** The value in words (for a list of records, all of them on one line). */
  value: string;
  /** A list of records (e.g. each association attempt): one row per record, one column per field. */
  table?: EvidenceTable;
}

/** Records as a table: header words and one row of cell words per record. */
export interface EvidenceTable {
  columns: string[];
  rows: string[][];
}

/** Evidence lines under a heading; `title` is null for the top-level fields. */
export interface EvidenceGroup {
  title: string | null;
  entries: EvidenceEntry[];
}

/** Terms written in capitals wherever they appear in a field name. */
const ACRONYMS = new Set([
  'ae', 'aes', 'uid', 'pdu', 'tls', 'dicom', 'http', 'https', 'url', 'san', 'sans', 'sha', 'sha1', 'sha256', 'rsa',
  'id', 'ca', 'hsts', 'dimse', 'ip', 'ssl', 'tcp', 'qido', 'rest', 'scp', 'scu', 'api',
]);

/** Field names whose general rule would read badly. */
const LABELS: Readonly<Record<string, string>> = {
  callingAe: 'Calling AE title used',
  callingAeTitle: 'Calling AE title used',
  calledAe: 'Called AE title used',
  calledAeTitle: 'Called AE title used',
  calledAeSource: 'Called AE title learned from',
  implementationClassUid: 'Implementation class UID',
  implementationVersionName: 'Implementation version name',
  maxPduLength: 'Maximum PDU length (bytes)',
  contextsAccepted: 'Presentation contexts accepted',
  contextsProposed: 'Presentation contexts proposed',
  acceptedContexts: 'Presentation contexts accepted',
  proposedContexts: 'Presentation contexts proposed',
};

/** `maxPduLength` → `Maximum PDU length (bytes)`; `rejection_reason` → `Rejection reason`. */
export function humanizeKey(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** A label inside a sentence: `Calling AE title used` → `calling AE title used`, `PDU length` stays. */
function inlineLabel(key: string): string {
  const label = humanizeKey(key);
  const first = label.split(' ')[0] ?? '';
  return first.length > 1 && first === first.toUpperCase() ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value in words: yes/no, lists joined, nested objects inline as `label: value`. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(formatValue).join(isPlainObject(value[0]) ? '; ' : ', ');
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    // An object with nothing in it (an import's source named DICOM and decoded no detail) reads "none", not a blank.
    if (entries.length === 0) return 'none';
    return entries
      .map(([k, v]) => `${inlineLabel(k)}: ${formatValue(v)}`)
      .join(', ');
  }
  return JSON.stringify(value) ?? '';
}

/** An association attempt as the engine records it (`callingAe`, `calledAe`, `outcome`). */
function isAssociationAttempt(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && 'callingAe' in v && 'calledAe' in v && 'outcome' in v;
}

const OUTCOME_WORDS: Readonly<Record<string, string>> = {
  success: 'Accepted',
  'association-rejected': 'Rejected',
  'association-aborted': 'Aborted',
};

function textOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** Why an attempt ended as it did: the rejection's or abort's words, else the engine's one-line detail. */
function attemptReason(a: Record<string, unknown>): string {
  const reject = isPlainObject(a.reject) ? a.reject : undefined;
  const abort = isPlainObject(a.abort) ? a.abort : undefined;
  return textOf(reject?.text) ?? textOf(reject?.reason) ?? textOf(abort?.text) ?? textOf(abort?.reason) ?? textOf(a.detail) ?? '—';
}

/** One row per association attempt: calling AE, called AE, result, reason. */
export function associationTable(attempts: readonly Record<string, unknown>[]): EvidenceTable {
  return {
    columns: ['Calling AE title', 'Called AE title', 'Result', 'Reason'],
    rows: attempts.map((a) => [
      formatValue(a.callingAe),
      formatValue(a.calledAe),
      OUTCOME_WORDS[String(a.outcome)] ?? humanizeKey(String(a.outcome)),
      attemptReason(a),
    ]),
  };
}

/** Any other list of records: a column per field (first seen order), a row per record. */
function recordsTable(records: readonly unknown[]): EvidenceTable {
  const keys: string[] = [];
  for (const r of records) if (isPlainObject(r)) for (const [k, v] of Object.entries(r)) if (v !== undefined && !keys.includes(k)) keys.push(k);
  return {
    columns: keys.map(humanizeKey),
    rows: records.map((r) => (isPlainObject(r) ? keys.map((k) => (r[k] === undefined ? '—' : formatValue(r[k]))) : [formatValue(r), ...keys.slice(1).map(() => '')])),
  };
}

function entryOf(key: string, value: unknown): EvidenceEntry {
  const entry: EvidenceEntry = { label: humanizeKey(key), value: formatValue(value) };
  if (Array.isArray(value) && value.length > 0 && value.every(isAssociationAttempt)) entry.table = associationTable(value);
  else if (isAssociationAttempt(value)) entry.table = associationTable([value]);
  else if (Array.isArray(value) && value.length > 1 && value.some(isPlainObject)) entry.table = recordsTable(value);
  return entry;
}

function entriesOf(obj: Record<string, unknown>): EvidenceEntry[] {
  return Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => entryOf(k, v));
}

/**
 * Evidence as labelled lines: plain fields first (untitled group), then one
 * titled group per nested object (e.g. `Association`, `Rejection`), in the
 * engine's order. Deeper nesting is written inline.
 */
export function evidenceGroups(evidence: Evidence | undefined): EvidenceGroup[] {
  if (!evidence) return [];
  const top: Record<string, unknown> = {};
  const groups: EvidenceGroup[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (value === undefined) continue;
    // An association attempt is a row of a table, not a group of lines.
    if (isPlainObject(value) && !isAssociationAttempt(value)) groups.push({ title: humanizeKey(key), entries: entriesOf(value) });
    else top[key] = value;
  }
  const plain = entriesOf(top);
  return [...(plain.length > 0 ? [{ title: null, entries: plain }] : []), ...groups.filter((g) => g.entries.length > 0)];
}
