/**
 * AE titles: validity, random titles for unknown-caller tests, and the called AE
 * titles to try against a server, in order: the user's, the inventory's, then a
 * short well-known list.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isAeTitle } from '../../../shared/ae-title';
import { calledAeKey, serverKey } from '../../../shared/host';
import type { ProbeOptions, Target } from '../types';
import type { AeSource } from './association';

/** Tried, in this order, when neither the user nor the inventory names the server's AE title (checks.md). */
export const WELL_KNOWN_CALLED_AES = ['ANY-SCP', 'ORTHANC', 'DCM4CHEE', 'STORESCP', 'PACS'] as const;

/** At most this many user/inventory titles are tried per service (each costs an association). */
export const MAX_KNOWN_TITLES = 4;

/** PS3.5 AE VR (shared/ae-title.ts). */
export { isAeTitle as isValidAeTitle };

/** A random title no server has registered: 'CLM' and 12 hex digits (15 characters). */
export function randomAeTitle(prefix = 'CLM'): string {
  return `${prefix}${randomHex(6).toUpperCase()}`.slice(0, 16);
}

/** Random bytes drawn ahead from the CSPRNG, each byte handed out once (one call per service otherwise). */
let randomPool = Buffer.alloc(0);
let randomPos = 0;

function randomHex(bytes: number): string {
  if (randomPos + bytes > randomPool.length) {
    randomPool = randomBytes(Math.max(1024, bytes));
    randomPos = 0;
  }
  const hex = randomPool.toString('hex', randomPos, randomPos + bytes);
  randomPos += bytes;
  return hex;
}

/** A PatientID that cannot match a real patient, for C-FIND. */
export function nonMatchingPatientId(): string {
  return `CLM-${randomUUID()}`;
}

/** A Study Instance UID that cannot exist (a fresh UUID under the 2.25 root), for C-GET/C-MOVE. */
export function nonMatchingStudyUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

/** The `calledAes` keys that may name this target: the key (shared/host.ts), and `[v6]:port` as people write it. */
function keysFor(t: Target): string[] {
  const key = calledAeKey(t.host, t.port);
  const written = serverKey(t);
  return written === key ? [key] : [key, written];
}

export interface KnownTitle {
  ae: string;
  source: Extract<AeSource, 'user' | 'inventory'>;
}

/** Called AE titles the user or the inventory gives for this host:port (valid, unique, at most MAX_KNOWN_TITLES). */
export function knownCalledAes(target: Target, options: Pick<ProbeOptions, 'calledAes' | 'inventory'>): KnownTitle[] {
  const out: KnownTitle[] = [];
  const add = (ae: string | undefined, source: KnownTitle['source']): void => {
    const t = ae?.trim();
    if (t && isAeTitle(t) && !out.some((k) => k.ae === t)) out.push({ ae: t, source });
  };
  // The keys parse the address: only worth it when the user named titles at all.
  if (options.calledAes.size > 0) for (const k of keysFor(target)) add(options.calledAes.get(k), 'user');
  for (const row of options.inventory) {
    if (row.host === target.host && row.port === target.port) add(row.aeTitle, 'inventory');
  }
  return out.slice(0, MAX_KNOWN_TITLES);
}
