/**
 * Runtime validation of every invoke channel's argument (zod 4). Main and the web
 * bridge parse each call with these before a handler sees it; the renderer may use
 * them to check a form before sending. Kept apart from contract.ts so the preload
 * bundle stays free of zod.
 */
import { z } from 'zod';
import { isAeTitle } from './ae-title';
import { CHECK_IDS, MANUAL_CHECK_IDS } from './catalog';
import { MAX_INVENTORY_CHARS, MAX_INVENTORY_TEXT } from './inventory';
import type { InvokeArg, InvokeChannel } from './contract';

/** DICOM AE title (shared/ae-title.ts): 1–16 characters of the default repertoire, no backslash or control characters, not all spaces. */
export const aeTitle = z.string().refine(isAeTitle, {
  error: (issue) =>
    typeof issue.input === 'string' && issue.input !== '' && issue.input.trim() === ''
      ? 'an AE title cannot be only spaces'
      : 'an AE title is 1 to 16 printable characters, without backslash',
});

const port = z.int('a port is a whole number').min(1, 'a port is 1 to 65535').max(65535, 'a port is 1 to 65535');
const hostName = z
  .string()
  .min(1, 'a host cannot be empty')
  .max(253, 'a host is at most 253 characters')
  .regex(/^\S+$/, 'a host cannot contain spaces');

export const calledAeSchema = z.strictObject({ aet: aeTitle, host: hostName, port });

export const vantageSchema = z.strictObject({
  label: z.string().trim().min(1, 'name the network this scan runs from (e.g. "Radiology VLAN")').max(200, 'at most 200 characters'),
  untrusted: z.boolean('untrusted must be true or false'),
});

/** Upper bounds keep a hostile or broken page from making main parse megabytes. */
export const LIMITS = { targets: 1024, ports: 1024, calledAes: 4096, inventoryCsvChars: MAX_INVENTORY_CHARS, idChars: 128 } as const;

export const scanStartSchema = z.strictObject({
  targets: z
    .array(
      z.string().trim().min(1, 'a target cannot be empty').max(256, 'a target is at most 256 characters').regex(/^\S*$/, 'one target per entry, without spaces'),
      'targets must be a list',
    )
    .min(1, 'give at least one target (an address, a CIDR block, a range or a host name)')
    .max(LIMITS.targets, `at most ${LIMITS.targets} targets`),
  ports: z
    .array(port, 'ports must be a list of numbers')
    .min(1, 'give at least one port, or leave the list empty for the defaults')
    .max(LIMITS.ports, `at most ${LIMITS.ports} ports`)
    .nullable(),
  calledAes: z.array(calledAeSchema).max(LIMITS.calledAes, `at most ${LIMITS.calledAes} called AE titles`),
  inventoryCsv: z.string().max(LIMITS.inventoryCsvChars, `the inventory file is too large (${MAX_INVENTORY_TEXT} at most)`).optional(),
  vantage: vantageSchema,
  callingAe: aeTitle.optional(),
  allowLargeScope: z.boolean().optional(),
  allowPublic: z.boolean().optional(),
});

export const scanIdSchema = z.strictObject({
  scanId: z.string().min(1, 'scanId cannot be empty').max(LIMITS.idChars, 'scanId is too long'),
});

// ---- remediation (issue 5) ----

/** A server by endpoint, as scans store it. */
export const serverRefSchema = z.strictObject({ host: hostName, port });

const operator = z.string().trim().min(1, 'say who you are (your name)').max(100, 'at most 100 characters');
const text = (max: number) => z.string().max(max, `at most ${max} characters`);

export const inventoryImportSchema = z.strictObject({
  csv: z.string().max(LIMITS.inventoryCsvChars, `the inventory file is too large (${MAX_INVENTORY_TEXT} at most)`),
  replace: z.boolean().optional(),
});

export const inventoryUpsertSchema = z.strictObject({
  id: z.int().min(1).optional(),
  aeTitle: aeTitle,
  host: hostName,
  port,
  role: text(500),
  description: text(500),
});

export const playbookSchema = z.strictObject({
  host: hostName,
  port,
  checkIds: z.array(z.enum(CHECK_IDS), 'checkIds must be a list of check ids').max(CHECK_IDS.length * 2).optional(),
});

export const setStepSchema = z.strictObject({
  host: hostName,
  port,
  stepId: z.string().min(1, 'stepId cannot be empty').max(200, 'stepId is too long'),
  done: z.boolean('done must be true or false'),
  by: operator,
  note: text(2000).optional(),
});

export const attestSchema = z.strictObject({
  host: hostName,
  port,
  id: z.enum(MANUAL_CHECK_IDS),
  attested: z.boolean('attested must be true or false'),
  by: operator,
  note: z.string().trim().min(1, 'say in the note what was checked').max(2000, 'at most 2000 characters'),
});

/** The caller's id of one re-check (a UUID in the app): what `remediation:cancel-verify` names. */
const runId = z
  .string('runId must be text')
  .regex(/^[A-Za-z0-9._-]{1,128}$/, 'runId is 1 to 128 letters, digits, ".", "_" or "-"');

export const verifyServerSchema = z.strictObject({
  host: hostName,
  port,
  runId: runId.optional(),
  vantage: z
    .strictObject({
      label: z.string().trim().min(1, 'name the network this runs from').max(200, 'at most 200 characters').optional(),
      untrusted: z.boolean().optional(),
    })
    .optional(),
  callingAe: aeTitle.optional(),
  calledAe: aeTitle.optional(),
  timeoutMs: z.int().min(1, 'a timeout is at least 1 ms').max(600_000, 'at most 10 minutes').optional(),
  allowPublic: z.boolean().optional(),
});

export const cancelVerifySchema = z.strictObject({ host: hostName, port, runId: runId.optional() });

const isoTime = z.iso.datetime({ offset: true, message: 'an ISO-8601 date and time, e.g. 2025-03-01T22:00:00+01:00' });

export const windowCreateSchema = z.strictObject({
  name: z.string().trim().min(1, 'give the window a name').max(200, 'at most 200 characters'),
  startsAt: isoTime,
  endsAt: isoTime,
  servers: z.array(serverRefSchema).max(1000, 'at most 1000 servers'),
});

export const windowIdSchema = z.strictObject({ id: z.string().min(1, 'id cannot be empty').max(LIMITS.idChars, 'id is too long') });

// ---- signed records (issue 6) ----

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/, "an operator is named by their key's fingerprint (64 lower-case hex digits)");
const recordId = z.string().trim().min(8, 'a record id (or its first 8+ characters)').max(LIMITS.idChars, 'id is too long');
const noControls = (s: string): boolean => !/[\x00-\x1f\x7f]/.test(s);

export const operatorCreateSchema = z.strictObject({
  name: operator.refine(noControls, 'no control characters'),
  role: z.string().trim().max(100, 'at most 100 characters').refine(noControls, 'no control characters'),
});

export const signoffSchema = z.strictObject({
  host: hostName,
  port,
  operator: fingerprint,
  note: text(4000),
  supersedes: recordId.optional(),
});

export const cosignSchema = z.strictObject({ id: recordId, operator: fingerprint });

export const recordIdSchema = z.strictObject({ id: recordId });

export const recordsExportSchema = z.strictObject({
  format: z.enum(['json', 'pdf', 'csv'], 'format is json, pdf or csv'),
  ids: z.array(recordId).max(10_000, 'at most 10000 records').optional(),
  all: z.boolean().optional(),
});

/** An exported file to check (64 MB of JSON at most). */
export const verifyFileSchema = z.strictObject({ text: z.string().max(64 * 1024 * 1024, 'the file is too large (64 MB at most)') });

/** Channels without an argument accept exactly nothing. */
const none = z.undefined('this call takes no argument');

/** One schema per channel; the mapped type makes a missing or mistyped schema a compile error. */
export const INVOKE_SCHEMAS: { readonly [C in InvokeChannel]: z.ZodType<InvokeArg<C>> } = {
  'app:info': none,
  'scan:start': scanStartSchema,
  'scan:cancel': scanIdSchema,
  'scan:list': none,
  'scan:get': scanIdSchema,
  'lab:start': none,
  'lab:stop': none,
  'inventory:import': inventoryImportSchema,
  'inventory:list': none,
  'inventory:upsert': inventoryUpsertSchema,
  'inventory:remove': z.strictObject({ id: z.int('id must be a whole number').min(1) }),
  'remediation:playbook': playbookSchema,
  'remediation:checklist': serverRefSchema,
  'remediation:set-step': setStepSchema,
  'remediation:attest': attestSchema,
  'remediation:verify': verifyServerSchema,
  'remediation:cancel-verify': cancelVerifySchema,
  'remediation:verifications': serverRefSchema,
  'window:create': windowCreateSchema,
  'window:list': none,
  'window:get': windowIdSchema,
  'window:summary': windowIdSchema,
  'operators:list': none,
  'operators:create': operatorCreateSchema,
  'records:preview': signoffSchema,
  'records:signoff': signoffSchema,
  'records:cosign': cosignSchema,
  'records:list': none,
  'records:get': recordIdSchema,
  'records:export': recordsExportSchema,
  'records:verify-file': verifyFileSchema,
};

/** One line naming each bad field: `targets[0]: a target cannot be empty; vantage.untrusted: …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const where = i.path.reduce<string>(
        (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
        '',
      );
      return `${where || 'argument'}: ${i.message}`;
    })
    .join('; ');
}
