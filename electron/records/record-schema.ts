/**
 * The shape of a record body (types.ts) as a zod schema: a verifier reads bodies from
 * files anyone may have edited, so every field it or a report touches is checked before
 * use, and the first mismatch is named by its path. Objects are strict: a record of each
 * format has exactly that format's fields (evidence and product stay open: they are
 * protocol data). Every format ever written stays readable: `/1` records signed by older
 * versions verify as they did; `/2` adds each step's snippet as shown and the steps never
 * ticked (shared/records.ts); `/3` the findings each step addresses and `peers`; `/4`
 * `internet` (the closures seen from the internet attached to the server).
 */
import { z } from 'zod';
import { ATTACK_TECHNIQUES, CHECK_IDS, CHECK_STATUSES, MANUAL_CHECK_IDS, PROTOCOLS, SERVICE_STATES, SEVERITIES } from '../../shared/catalog';
import { RECORD_FORMATS } from './types';

const text = z.string();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');
const checkId = z.enum(CHECK_IDS);
const status = z.enum(CHECK_STATUSES);
const severity = z.enum(SEVERITIES);
const verdict = z.enum(['fixed', 'still-failing', 'regressed', 'still-passing', 'inconclusive']);
const vantage = z.strictObject({ label: text, untrusted: z.boolean() });
const evidence = z.record(z.string(), z.unknown());
const technique = z.strictObject({ id: z.enum(Object.keys(ATTACK_TECHNIQUES) as [keyof typeof ATTACK_TECHNIQUES, ...Array<keyof typeof ATTACK_TECHNIQUES>]), name: text });
const side = z.strictObject({ summary: text, evidence }).nullable();

const finding = z.strictObject({ id: checkId, title: text, status, severity, summary: text, evidence, attack: z.array(technique) });

const verification = z.strictObject({
  id: text,
  beforeScanId: text,
  at: text,
  finishedAt: text,
  vantage,
  state: z.enum(SERVICE_STATES),
  protocol: z.enum(PROTOCOLS).nullable(),
  passed: z.boolean(),
  counts: z.strictObject({ fixed: z.number(), 'still-failing': z.number(), regressed: z.number(), 'still-passing': z.number(), inconclusive: z.number() }),
  unreachable: text.nullable(),
  checks: z.array(
    z.strictObject({ id: checkId, title: text, severity, before: status, after: status, verdict, note: text, beforeEvidence: side, afterEvidence: side, attack: z.array(technique) }),
  ),
  unverified: z.array(z.strictObject({ id: checkId, before: status, after: status, why: text })),
});

const historyEvent = z.strictObject({ seq: z.int(), kind: z.enum(['step', 'attestation']), item: text, done: z.boolean(), by: text, at: text, note: text });
const snippetCode = z.strictObject({ title: text, language: text, code: text });
const snippet = z.strictObject({ id: text, title: text, language: text, where: text, code: text, rollback: snippetCode, warnings: z.array(text) });

/** The fields every format shares; `checklist` is the format's own. */
function bodyOf<F extends string, C extends z.ZodType>(format: F, checklist: C) {
  return z.strictObject({
    format: z.literal(format),
    id: text.min(1),
    createdAt: text,
    tool: z.strictObject({ name: z.literal('collimator'), version: text }),
    operator: z.strictObject({ name: text.min(1), role: text, fingerprint: hex64 }),
    note: text,
    supersedes: text.nullable(),
    chain: z
      .strictObject({ position: z.int().min(1), prev: hex64.nullable() })
      .refine((c) => (c.position === 1) === (c.prev === null), 'prev must be null exactly at position 1'),
    server: z.strictObject({
      host: text.min(1),
      port: z.int().min(1).max(65535),
      protocol: z.enum(PROTOCOLS).nullable(),
      product: z.record(z.string(), z.unknown()).nullable(),
      calledAe: text.nullable(),
    }),
    vantage,
    before: z.strictObject({ scanId: text, at: text, vantage, state: z.enum(SERVICE_STATES), findings: z.array(finding) }),
    checklist,
    attestations: z.array(z.strictObject({ id: z.enum(MANUAL_CHECK_IDS), title: text, attested: z.boolean(), by: text, at: text, note: text })),
    verification: verification.nullable(),
    maintenanceWindow: z.strictObject({ id: text, name: text, startsAt: text, endsAt: text }).nullable(),
  });
}

const progress = z.strictObject({ done: z.int(), total: z.int() }).nullable();

/** `/1`: step words re-rendered at signing. */
const bodyV1 = bodyOf(RECORD_FORMATS[0], z.strictObject({
  steps: z.array(z.strictObject({ id: text, text: text.nullable(), done: z.boolean(), by: text, at: text, note: text })),
  progress,
  history: z.array(historyEvent),
}));

/** `/2`: step words and snippet as shown when ticked; the steps never ticked. */
const checklistV2 = z.strictObject({
  steps: z.array(z.strictObject({ id: text, text: text.nullable(), snippet: snippet.nullable(), done: z.boolean(), by: text, at: text, note: text })),
  progress,
  history: z.array(historyEvent),
  notTicked: z.array(z.strictObject({ id: text, text })),
});
const bodyV2 = bodyOf(RECORD_FORMATS[1], checklistV2);

// ---- issue 14: the `peers` part of `/3` ----------------------------------------------------
const peerSource = z.enum(['inventory', 'learned']);
const recordPeers = z.strictObject({
  acknowledgements: z.array(z.strictObject({
    seq: z.int(), stepId: text, by: text, at: text, recentDays: z.int(),
    peers: z.array(z.strictObject({ callingAe: text, address: text.nullable(), lastSeen: text.nullable(), source: peerSource, why: text })),
  })),
  stillAccepted: z.array(z.strictObject({
    callingAe: text, address: text.nullable(), source: peerSource, verdict: z.enum(['still-accepted', 'regressed', 'inconclusive']),
    reason: text, outcome: text, detail: text, addressBound: z.boolean(), from: text.nullable(),
  })).nullable(),
});

/**
 * `/3`: as `/2`, the checklist grouped by action: every step (ticked or not) lists the
 * findings it addresses (issue 17); and `peers` (issue 14): the cut-off acknowledgements
 * and whether each legitimate peer is still accepted after the fix.
 */
const bodyV3 = bodyOf(RECORD_FORMATS[2], z.strictObject({
  steps: z.array(z.strictObject({ id: text, text: text.nullable(), snippet: snippet.nullable(), findings: z.array(checkId), done: z.boolean(), by: text, at: text, note: text })),
  progress,
  history: z.array(historyEvent),
  notTicked: z.array(z.strictObject({ id: text, text, findings: z.array(checkId) })),
})).extend({ peers: recordPeers });

// ---- issue 13: the `internet` part of `/4` ------------------------------------------------
const internetSource = z.enum(['censys', 'shodan', 'nmap']);
const recordInternet = z.strictObject({
  closures: z.array(z.strictObject({
    seq: z.int(), publicHost: text.min(1), publicPort: z.int().min(1).max(65535), closedAt: text, how: z.enum(['absent', 'closed', 'filtered']), source: internetSource,
    importId: text, fileName: text, fileSha256: hex64, lastOpenAt: text, lastOpenSource: internetSource, attachedAt: text, attachedBy: text,
  })),
});

/** `/4`: as `/3`, and `internet` (issue 13): the closures seen from the internet attached to the server. */
const bodyV4 = bodyV3.extend({ format: z.literal(RECORD_FORMATS[3]), internet: recordInternet });

export const recordBodySchema = z.discriminatedUnion('format', [bodyV1, bodyV2, bodyV3, bodyV4]);

/** Why `v` is not a record body of this format, naming the first bad field, or undefined. */
export function recordShapeProblem(v: unknown): string | undefined {
  const r = recordBodySchema.safeParse(v);
  if (r.success) return undefined;
  const issue = r.error.issues[0]!;
  const where = issue.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), 'record');
  return `${where}: ${issue.message}`;
}
