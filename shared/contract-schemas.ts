/**
 * Runtime validation of every invoke channel's argument (zod 4). Main and the web
 * bridge parse each call with these before a handler sees it; the renderer may use
 * them to check a form before sending. Kept apart from contract.ts so the preload
 * bundle stays free of zod.
 */
import { z } from 'zod';
import { isAeTitle } from './ae-title';
import { CHECK_IDS, MANUAL_CHECK_IDS } from './catalog';
import { CheckSelectionError, parseCheckList, PROFILES } from './check-selection';
import { MAX_INVENTORY_CHARS, MAX_INVENTORY_TEXT } from './inventory';
import { MAX_PASSPHRASE_LENGTH, passphraseProblem } from './passphrase';
import { isWellFormed, NOT_WELL_FORMED, wellFormed } from './safe-text';
import type { InvokeArg, InvokeChannel } from './contract';
import { MAX_PEER_FILE_BYTES, MAX_PEER_FILE_TEXT, MAX_PEER_FILES, PEER_LOG_FORMATS } from './observed-peers';
import { canonicalAddress } from './host';
import { IMPORT_CHUNK_BYTES, MAX_APP_IMPORT_BYTES } from './internet';

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

/**
 * Upper bounds keep a hostile or broken page from making main parse megabytes. Ports:
 * every port once at most (the form reads ranges such as 5000-8999 as the CLI's
 * --ports does, with the same limits: 1-65535, each port once; issue 17).
 */
export const LIMITS = { targets: 1024, ports: 65535, calledAes: 4096, inventoryCsvChars: MAX_INVENTORY_CHARS, idChars: 128 } as const;

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
  // Issue 16: which checks run, a profile or a list of ids / `prefix*` (not both).
  profile: z.enum(PROFILES, `profile is one of: ${PROFILES.join(', ')}`).optional(),
  checks: z
    .array(z.string().trim().min(1, 'a check cannot be empty').max(64, 'a check id is at most 64 characters'), 'checks must be a list')
    .min(1, 'give at least one check, or leave the list out for the profile')
    .max(CHECK_IDS.length * 4, 'too many checks')
    .superRefine((list, ctx) => {
      try {
        parseCheckList(list.join(','));
      } catch (e) {
        if (!(e instanceof CheckSelectionError)) throw e;
        ctx.addIssue({ code: 'custom', message: e.message });
      }
    })
    .optional(),
  // No allowPublic: public targets are confirmed by the person in the main process
  // (electron/services/public-scope.ts); strictObject refuses the key if a page sends it.
  scanId: z.uuid('scanId must be a new UUID chosen by the caller (crypto.randomUUID())'),
}).refine((r) => r.profile === undefined || r.checks === undefined, { message: 'give a profile or a check list, not both', path: ['checks'] });

export const scanIdSchema = z.strictObject({
  scanId: z.string().min(1, 'scanId cannot be empty').max(LIMITS.idChars, 'scanId is too long'),
});

// ---- remediation (issue 5) ----

/** A server by endpoint, as scans store it. */
export const serverRefSchema = z.strictObject({ host: hostName, port });

/** Who did it: an identity, so text that is not well-formed is refused, never repaired (shared/safe-text.ts, NOT_WELL_FORMED). */
const operator = z.string().trim().min(1, 'say who you are (your name)').max(100, 'at most 100 characters').refine(isWellFormed, NOT_WELL_FORMED);
/**
 * Free prose (notes, descriptions): a lone surrogate (half of a pasted emoji) becomes
 * U+FFFD, so it can be stored and signed; the preview shows the note as it will be signed.
 */
const text = (max: number) => z.string().max(max, `at most ${max} characters`).transform(wellFormed);

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
  // Issue 14: the peers acknowledged as cut off by this step (AE title and address as the step named them).
  acknowledgeCutOff: z
    .array(z.strictObject({ callingAe: z.string().min(1).max(64), address: z.string().min(1).max(255).nullable() }), 'acknowledgeCutOff must be a list of peers')
    .max(1000)
    .optional(),
});

export const attestSchema = z.strictObject({
  host: hostName,
  port,
  id: z.enum(MANUAL_CHECK_IDS),
  attested: z.boolean('attested must be true or false'),
  by: operator,
  note: z.string().trim().min(1, 'say in the note what was checked').max(2000, 'at most 2000 characters').transform(wellFormed),
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
  // No allowPublic: a public server is confirmed by the person in the main process (strict: the key is refused).
});

export const cancelVerifySchema = z.strictObject({ host: hostName, port, runId: runId.optional() });

const isoTime = z.iso.datetime({ offset: true, message: 'an ISO-8601 date and time, e.g. 2025-03-01T22:00:00+01:00' });

export const maintenanceWindowCreateSchema = z.strictObject({
  name: z.string().trim().min(1, 'give the window a name').max(200, 'at most 200 characters'),
  startsAt: isoTime,
  endsAt: isoTime,
  servers: z.array(serverRefSchema).max(1000, 'at most 1000 servers'),
});

export const maintenanceWindowIdSchema = z.strictObject({ id: z.string().min(1, 'id cannot be empty').max(LIMITS.idChars, 'id is too long') });

// ---- maintenance windows: edit, extend, close (issue 17) ----
const maintenanceWindowId = z.string().min(1, 'id cannot be empty').max(LIMITS.idChars, 'id is too long');
const changeReason = text(500).optional();

export const maintenanceWindowUpdateSchema = z
  .strictObject({
    id: maintenanceWindowId,
    by: operator,
    name: z.string().trim().min(1, 'give the window a name').max(200, 'at most 200 characters').optional(),
    startsAt: isoTime.optional(),
    endsAt: isoTime.optional(),
    servers: z.array(serverRefSchema).max(1000, 'at most 1000 servers').optional(),
    reason: changeReason,
  })
  .refine((r) => r.name !== undefined || r.startsAt !== undefined || r.endsAt !== undefined || r.servers !== undefined, {
    message: 'say what to change: name, startsAt, endsAt or servers',
  });

export const maintenanceWindowExtendSchema = z.strictObject({
  id: maintenanceWindowId,
  by: operator,
  minutes: z.int('minutes must be a whole number').min(1, 'extend by at least 1 minute').max(1440, 'extend by at most 1440 minutes (a day) at a time'),
  reason: changeReason,
});

export const maintenanceWindowCloseSchema = z.strictObject({ id: maintenanceWindowId, by: operator, reason: changeReason });

// ---- signed records (issue 6) ----

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/, "an operator is named by their key's fingerprint (64 lower-case hex digits)");
const recordId = z.string().trim().min(8, 'a record id (or its first 8+ characters)').max(LIMITS.idChars, 'id is too long');
const noControls = (s: string): boolean => !/[\x00-\x1f\x7f]/.test(s);

/** A passphrase given to unlock a key: not empty, bounded (main runs scrypt over it). */
const passphrase = z
  .string('give the passphrase')
  .min(1, 'give the passphrase')
  .max(MAX_PASSPHRASE_LENGTH, `a passphrase is at most ${MAX_PASSPHRASE_LENGTH} characters`);

/** A new passphrase: the shared strength rule (shared/passphrase.ts). */
const newPassphrase = passphrase.superRefine((p, ctx) => {
  const weak = passphraseProblem(p);
  if (weak !== undefined) ctx.addIssue({ code: 'custom', message: weak });
});

/** Largest key file accepted from the page, characters (a real one is under 1 KB). */
export const KEY_FILE_MAX_CHARS = 16 * 1024;

const b64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
/**
 * The shape of a `collimator keys new` file (collimator-operator-key/1). Main checks
 * it again with its cryptographic bounds (electron/records/key-file.ts) before use.
 */
const keyFileDoc = z.object({
  format: z.literal('collimator-operator-key/1', 'not a Collimator key file (format collimator-operator-key/1)'),
  name: z.string().min(1).max(100).refine(isWellFormed, NOT_WELL_FORMED),
  role: z.string().max(100).refine(isWellFormed, NOT_WELL_FORMED),
  createdAt: z.string().max(64),
  publicKey: b64(44),
  fingerprint: z.string().max(100),
  kdf: z.object({ name: z.literal('scrypt'), N: z.int(), r: z.int(), p: z.int(), salt: b64(100) }),
  cipher: z.object({ name: z.literal('aes-256-gcm'), iv: b64(24), tag: b64(24) }),
  check: b64(44),
  encryptedPrivateKey: b64(400),
});

/** A key file's text as the page read it: bounded, JSON, the key file's shape. */
const keyFileText = z
  .string('the key file must be text')
  .min(1, 'the key file is empty')
  .max(KEY_FILE_MAX_CHARS, 'too large to be a Collimator key file (16 KB at most)')
  .superRefine((text, ctx) => {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a Collimator key file (not JSON)' });
      return;
    }
    const r = keyFileDoc.safeParse(doc);
    if (!r.success) {
      const i = r.error.issues[0]!;
      ctx.addIssue({ code: 'custom', message: i.path.length > 0 ? `not a usable Collimator key file (${i.path.join('.')}: ${i.message})` : i.message });
    }
  });

export const operatorCreateSchema = z.strictObject({
  name: operator.refine(noControls, 'no control characters'),
  role: z.string().trim().max(100, 'at most 100 characters').refine(noControls, 'no control characters').refine(isWellFormed, NOT_WELL_FORMED),
  passphrase: newPassphrase,
});

export const operatorKeyFileSchema = z.strictObject({ keyFile: keyFileText, passphrase });

export const previewSchema = z.strictObject({
  host: hostName,
  port,
  operator: fingerprint.optional(),
  note: text(4000),
  supersedes: recordId.optional(),
});

export const signoffSchema = z.strictObject({
  host: hostName,
  port,
  operator: fingerprint,
  note: text(4000),
  supersedes: recordId.optional(),
  passphrase,
  keyFile: keyFileText.optional(),
});

export const cosignSchema = z.strictObject({ id: recordId, operator: fingerprint, passphrase, keyFile: keyFileText.optional() });

export const recordIdSchema = z.strictObject({ id: recordId });

export const recordsExportSchema = z.strictObject({
  format: z.enum(['json', 'pdf', 'csv'], 'format is json, pdf or csv'),
  ids: z.array(recordId).max(10_000, 'at most 10000 records').optional(),
  all: z.boolean().optional(),
});

/** An exported file to check (64 MB of JSON at most). */
export const verifyFileSchema = z.strictObject({ text: z.string().max(64 * 1024 * 1024, 'the file is too large (64 MB at most)') });

// ---- known signers (issue 11) ----

/** A trust list to import: its name (a file name) and its text (8 MB at most). */
export const trustImportSchema = z.strictObject({
  name: z.string().trim().min(1, 'name the list (e.g. its file name)').max(200, 'at most 200 characters').refine(noControls, 'no control characters'),
  text: z.string().min(1, 'the list is empty').max(8 * 1024 * 1024, 'the list is too large (8 MB at most)'),
});

export const trustRemoveSchema = z.strictObject({ id: z.int('id must be a whole number').min(1, 'id must be 1 or more') });

// ---- peers learned from logs and captures (issue 14) ----

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const peersLearnSchema = z
  .strictObject({
    files: z
      .array(
        z.strictObject({
          name: z.string().min(1, 'a file needs its name').max(255, 'a file name is at most 255 characters'),
          base64: z.string().max(Math.ceil(MAX_PEER_FILE_BYTES / 3) * 4 + 4, `the files are too large (${MAX_PEER_FILE_TEXT} at most: use collimator peers FILE --db for larger logs)`).refine((s) => s.length % 4 === 0 && BASE64.test(s), 'not base64'),
          lastModified: z.number().int().min(0).optional(),
        }),
      )
      .min(1, 'give at least one file')
      .max(MAX_PEER_FILES, `at most ${MAX_PEER_FILES} files at once`),
    format: z.enum(['auto', ...PEER_LOG_FORMATS]).optional(),
    since: z.string().max(40).refine((s) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(s) && !Number.isNaN(Date.parse(s)), 'not a date (YYYY-MM-DD or ISO-8601)').optional(),
  })
  .refine((r) => r.files.reduce((n, f) => n + f.base64.length, 0) <= Math.ceil(MAX_PEER_FILE_BYTES / 3) * 4 + 4 * MAX_PEER_FILES, {
    message: `the files are too large together (${MAX_PEER_FILE_TEXT} at most: use collimator peers FILE --db for larger logs)`,
    path: ['files'],
  });
export const peersListSchema = z.strictObject({
  host: z.string().min(1).max(253).optional(),
  port: z.int('port must be a whole number').min(1).max(65535).optional(),
  calledAe: z.string().min(1).max(16).optional(),
  days: z.int('days must be a whole number').min(1).max(3650).optional(),
});

// ---- exports for other tools (issue 13) ----

/** What to export: nothing more (every server's newest observations), or one stored scan by id. */
export const exportRequestSchema = z.strictObject({
  scanId: z.string().min(1, 'scanId cannot be empty').max(LIMITS.idChars, 'scanId is too long').optional(),
});

/** Channels without an argument accept exactly nothing. */
const none = z.undefined('this call takes no argument');

// ---- the internet's view (issue 13) ----
const importId = z.uuid('importId must be a new UUID chosen by the caller (crypto.randomUUID())');
const staleDays = z.strictObject({ staleDays: z.int('staleDays must be a whole number').min(1).max(36500).optional() });
const literalAddress = z.string().max(64).refine((s) => canonicalAddress(s) !== undefined, 'an IPv4 or IPv6 address');
export const internetMappingSchema = z.strictObject({ publicHost: literalAddress, insideHost: literalAddress });
export const internetImportBeginSchema = z.strictObject({
  importId,
  files: z
    .array(z.strictObject({ name: z.string().trim().min(1).max(255).refine(noControls, 'no control characters'), size: z.int().min(1, 'the file is empty').max(MAX_APP_IMPORT_BYTES, 'the file is too large for the app (1 GiB at most; use collimator import)') }))
    .min(1, 'choose a file')
    .max(16, 'at most 16 files at once'),
  format: z.enum(['auto', 'censys', 'shodan', 'nmap']),
  strict: z.boolean(),
  maps: z.array(internetMappingSchema).max(1024).optional(),
});
export const internetImportChunkSchema = z.strictObject({
  importId,
  fileIndex: z.int().min(0).max(15),
  offset: z.int().min(0).max(MAX_APP_IMPORT_BYTES),
  data: z.base64('the piece must be base64').max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4, 'a piece is at most 2 MiB'),
});

/** One schema per channel; the mapped type makes a missing or mistyped schema a compile error. */
export const INVOKE_SCHEMAS: { readonly [C in InvokeChannel]: z.ZodType<InvokeArg<C>> } = {
  'app:info': none,
  'scan:start': scanStartSchema,
  'scan:cancel': scanIdSchema,
  'scan:list': none,
  'scan:get': scanIdSchema,
  'practice-lab:start': none,
  'practice-lab:stop': none,
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
  'maintenance-window:create': maintenanceWindowCreateSchema,
  'maintenance-window:list': none,
  'maintenance-window:get': maintenanceWindowIdSchema,
  'maintenance-window:summary': maintenanceWindowIdSchema,
  'operators:list': none,
  'operators:create': operatorCreateSchema,
  'operators:register-key-file': operatorKeyFileSchema,
  'records:preview': previewSchema,
  'records:signoff': signoffSchema,
  'records:cosign': cosignSchema,
  'records:list': none,
  'records:get': recordIdSchema,
  'records:export': recordsExportSchema,
  'records:verify-file': verifyFileSchema,
  'trust:list': none,
  'trust:import': trustImportSchema,
  'trust:remove': trustRemoveSchema,
  'trust:export': none,
  'peers:learn': peersLearnSchema,
  'peers:list': peersListSchema,
  'exports:navigator': exportRequestSchema,
  'exports:defectdojo': exportRequestSchema,
  // ---- issue 17: a practice-lab server fixed from the app ----
  'practice-lab:apply': serverRefSchema,
  'maintenance-window:update': maintenanceWindowUpdateSchema,
  'maintenance-window:extend': maintenanceWindowExtendSchema,
  'maintenance-window:close': maintenanceWindowCloseSchema,
  'internet:import-begin': internetImportBeginSchema,
  'internet:import-chunk': internetImportChunkSchema,
  'internet:import-finish': z.strictObject({ importId }),
  'internet:import-cancel': z.strictObject({ importId }),
  'internet:view': staleDays,
  'internet:export-csv': staleDays,
  'internet:map-set': internetMappingSchema,
  'internet:map-remove': z.strictObject({ publicHost: literalAddress }),
  'internet:finding': serverRefSchema,
  'internet:attach-closure': z.strictObject({ publicHost: literalAddress, port, by: operator, server: serverRefSchema.optional() }),
  'internet:closures': none,
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
