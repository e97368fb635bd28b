/**
 * Runtime validation of every invoke channel's argument (zod 4). Main and the web
 * bridge parse each call with these before a handler sees it; the renderer may use
 * them to check a form before sending. Kept apart from contract.ts so the preload
 * bundle stays free of zod.
 */
import { z } from 'zod';
import type { InvokeArg, InvokeChannel } from './contract';

/** DICOM AE title: 1–16 characters of the default repertoire, no backslash or control characters, not all spaces. */
export const aeTitle = z
  .string()
  .regex(/^[\x20-\x5b\x5d-\x7e]{1,16}$/, 'an AE title is 1 to 16 printable characters, without backslash')
  .refine((s) => s.trim().length > 0, 'an AE title cannot be only spaces');

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
export const LIMITS = { targets: 1024, ports: 1024, calledAes: 4096, inventoryCsvChars: 2_000_000, idChars: 128 } as const;

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
  inventoryCsv: z.string().max(LIMITS.inventoryCsvChars, 'the inventory file is too large (2 MB at most)').optional(),
  vantage: vantageSchema,
  callingAe: aeTitle.optional(),
  allowLargeScope: z.boolean().optional(),
  allowPublic: z.boolean().optional(),
});

export const scanIdSchema = z.strictObject({
  scanId: z.string().min(1, 'scanId cannot be empty').max(LIMITS.idChars, 'scanId is too long'),
});

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
