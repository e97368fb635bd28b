/**
 * How a scan's vantage is named in words, in one place: snippets, the network team's
 * ACL request and the screens say "untrusted network" only when the admin ticked
 * "This network is untrusted" for that scan, never by default.
 */
import type { Vantage } from './types';

/** `the untrusted network "guest-wifi"` or `the scan's vantage "admin-pc"`. */
export function vantageName(v: Vantage): string {
  return v.untrusted ? `the untrusted network "${v.label}"` : `the scan's vantage "${v.label}"`;
}

/** ` (untrusted network)` after a vantage label when it was marked so, else nothing. */
export function vantageSuffix(v: Vantage): string {
  return v.untrusted ? ' (untrusted network)' : '';
}
