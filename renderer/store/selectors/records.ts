/**
 * Signed records as the screens show them: fingerprints people can compare, the
 * outcome in words, what a record's integrity check found, and the sign-off form turned
 * into a request. Pure.
 */
import { severityRank } from '../../../shared/catalog';
import { isFindingToFix } from '../../../shared/fails';
import type { RecordDetail, RecordDraft, RecordListItem, SignoffRequest } from '../../../shared/records';
import type { Parsed } from './scope';

/** `3f2a 9c1b 7d40 …` (the first 16 hex digits, in fours): enough to tell keys apart at a glance. */
export function shortFingerprint(fp: string): string {
  return `${groupHex(fp.slice(0, 16))} …`;
}

/** The whole fingerprint in groups of four, to read out loud and compare with a colleague's. */
export function groupHex(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/** What a record says about the fix, as a badge. */
export interface Outcome {
  tone: 'ok' | 'bad' | 'none';
  label: string;
}

export function outcomeOf(passed: boolean | null): Outcome {
  if (passed === true) return { tone: 'ok', label: 'Verified fixed' };
  if (passed === false) return { tone: 'bad', label: 'Not verified fixed' };
  return { tone: 'none', label: 'Never re-checked' };
}

/** The outcome of a draft or a signed body: from its verification, if any. */
export function draftOutcome(draft: Pick<RecordDraft, 'verification'>): Outcome {
  return outcomeOf(draft.verification?.passed ?? null);
}

/** The chain link into a record, from its integrity check. */
export interface ChainStatus {
  ok: boolean;
  /** One line in words. */
  message: string;
}

export function chainStatus(detail: Pick<RecordDetail, 'position' | 'problems'>): ChainStatus {
  const broken = detail.problems.filter((p) => p.kind === 'chain');
  if (broken.length > 0) return { ok: false, message: broken.map((p) => p.message).join('; ') };
  if (detail.position === 1) return { ok: true, message: 'First record of this database: nothing before it to link to.' };
  return { ok: true, message: `Its signed link matches the hash of record ${detail.position - 1}.` };
}

/** Steps done of those recorded. */
export function stepsLine(draft: Pick<RecordDraft, 'checklist'>): string {
  const p = draft.checklist.progress;
  const touched = draft.checklist.steps.length;
  if (p) return `${p.done} of ${p.total} checklist steps done`;
  return `${touched} checklist ${touched === 1 ? 'step' : 'steps'} recorded`;
}

/** Failing findings above info in the observation the fix started from, most severe first. */
export function failingFindings(draft: Pick<RecordDraft, 'before'>): RecordDraft['before']['findings'] {
  return draft.before.findings
    .filter(isFindingToFix)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/** The sign-off form, as chosen and typed. */
export interface SignoffForm {
  /** Fingerprint of the operator who signs; '' when none chosen. */
  operator: string;
  note: string;
  /** Id of a record this one corrects; '' for none. */
  supersedes: string;
}

/** The form as a request for one server, or the first thing to correct. */
export function buildSignoffRequest(server: { host: string; port: number }, form: SignoffForm): Parsed<SignoffRequest> {
  if (!/^[0-9a-f]{64}$/.test(form.operator)) return { ok: false, message: 'Choose who signs: an operator whose key this app holds.' };
  if (form.note.length > 2000) return { ok: false, message: 'The note is at most 2000 characters.' };
  return {
    ok: true,
    value: { host: server.host, port: server.port, operator: form.operator, note: form.note.trim(), ...(form.supersedes ? { supersedes: form.supersedes } : {}) },
  };
}

/** Same request, same preview: a changed form needs a new review before signing. */
export function requestKey(req: SignoffRequest): string {
  return JSON.stringify([req.host, req.port, req.operator, req.note, req.supersedes ?? null]);
}

/** Records of one server, newest first: what a correction may supersede. */
export function recordsOf(list: readonly RecordListItem[], server: { host: string; port: number }): RecordListItem[] {
  return list.filter((r) => r.host === server.host && r.port === server.port).sort((a, b) => b.position - a.position);
}
