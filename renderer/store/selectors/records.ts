/**
 * Signed records as the screens show them: fingerprints people can compare, the
 * outcome in words, what a record's integrity check found, and the sign-off form turned
 * into a request. Pure.
 */
import { severityRank } from '../../../shared/catalog';
import { isFindingToFix } from '../../../shared/fails';
import { MAX_PASSPHRASE_LENGTH, passphraseProblem } from '../../../shared/passphrase';
import type { RecordDetail, RecordDraft, RecordListItem, RecordPreviewRequest, SignerSecret } from '../../../shared/records';
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

/**
 * The form as a request for one server, or the first thing to correct. Reviewing needs
 * no signer (`operator` is left out until one is chosen); signing does (signerSecret).
 */
export function buildSignoffRequest(server: { host: string; port: number }, form: SignoffForm): Parsed<RecordPreviewRequest> {
  if (form.operator !== '' && !/^[0-9a-f]{64}$/.test(form.operator)) return { ok: false, message: 'Choose who signs: an operator known to this app.' };
  if (form.note.length > 2000) return { ok: false, message: 'The note is at most 2000 characters.' };
  return {
    ok: true,
    value: {
      host: server.host,
      port: server.port,
      ...(form.operator ? { operator: form.operator } : {}),
      note: form.note.trim(),
      ...(form.supersedes ? { supersedes: form.supersedes } : {}),
    },
  };
}

/** Same request, same preview: a changed form (or signer) needs a new review before signing. */
export function requestKey(req: RecordPreviewRequest): string {
  return JSON.stringify([req.host, req.port, req.operator ?? null, req.note, req.supersedes ?? null]);
}

/** What the signer typed and chose at the moment of signing. */
export interface SecretForm {
  passphrase: string;
  /** The key file read from the picker (for an operator whose key the app does not hold). */
  keyFile: { name: string; text: string } | null;
}

/** The secret for a signature, or the first thing to correct. `needsKeyFile`: the app does not hold the signer's key. */
export function buildSignerSecret(form: SecretForm, needsKeyFile: boolean): Parsed<SignerSecret> {
  if (needsKeyFile && form.keyFile === null) return { ok: false, message: 'Choose the signer’s key file (made with collimator keys new).' };
  if (form.passphrase === '') return { ok: false, message: 'Enter the signer’s passphrase: every signature needs it.' };
  if (form.passphrase.length > MAX_PASSPHRASE_LENGTH) return { ok: false, message: `A passphrase is at most ${MAX_PASSPHRASE_LENGTH} characters.` };
  return { ok: true, value: { passphrase: form.passphrase, ...(needsKeyFile && form.keyFile ? { keyFile: form.keyFile.text } : {}) } };
}

/** A new operator's passphrase, typed twice: the first thing wrong with it, or null. */
export function newPassphraseProblem(passphrase: string, again: string): string | null {
  const weak = passphraseProblem(passphrase);
  if (weak !== undefined) return `${weak.charAt(0).toUpperCase()}${weak.slice(1)}.`;
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) return `A passphrase is at most ${MAX_PASSPHRASE_LENGTH} characters.`;
  if (passphrase !== again) return 'The two passphrases differ.';
  return null;
}

/** Records of one server, newest first: what a correction may supersede. */
export function recordsOf(list: readonly RecordListItem[], server: { host: string; port: number }): RecordListItem[] {
  return list.filter((r) => r.host === server.host && r.port === server.port).sort((a, b) => b.position - a.position);
}
