/**
 * The Scope & scan form turned into a scan request. Checks only what the form
 * itself can get wrong (port numbers, AE@host:port lines); the scope itself
 * (addresses, CIDR, authorization) is judged by the engine, one source of truth,
 * and its error is shown as it comes back. Pure.
 */
import { isAeTitle } from '../../../shared/ae-title';
import type { CalledAe, ScanRequestFields } from '../../../shared/contract';
import { serverKey } from '../../../shared/host';
import { CheckSelectionError, parseCheckList, type Profile } from '../../../shared/check-selection';
import { DEFAULT_PORTS, parsePortList, PortListError } from '../../../shared/ports';

/** The CLI's default port list (shared/ports.ts), shown in the form. */
export { DEFAULT_PORTS };

/** What the admin typed, as typed. */
export interface ScopeForm {
  /** Addresses, CIDR blocks, ranges or host names, one per line (commas and spaces also separate). */
  targets: string;
  /** Port list, comma or space separated; empty means the defaults. */
  ports: string;
  /** Known AE titles, one `AE@host:port` per line. */
  calledAes: string;
  /** Inventory CSV text (`ae_title,host,port,role,description`), read from the chosen file. */
  inventoryCsv: string | null;
  /** The chosen file's name, shown next to the picker. */
  inventoryName: string | null;
  vantageLabel: string;
  /** The scanning machine sits on a network that should not reach imaging servers. */
  untrusted: boolean;
  /** Calling AE title for the unknown-caller tests; empty means a random `CLM…` title. */
  callingAe: string;
  /** The admin confirmed a scope larger than the engine's usual limit. */
  allowLargeScope: boolean;
  /** Which checks run (issue 16): the whole catalog, or the discovery profile. */
  profile: Profile;
  /** Advanced: run only these checks (ids or `prefix*`, comma or space separated); empty: the profile decides. */
  checks: string;
  // No "public addresses" box: the main process asks the person itself (a dialog, or the web bridge's terminal).
}

export const EMPTY_FORM: ScopeForm = {
  targets: '',
  ports: DEFAULT_PORTS.join(', '),
  calledAes: '',
  inventoryCsv: null,
  inventoryName: null,
  vantageLabel: '',
  untrusted: false,
  callingAe: '',
  allowLargeScope: false,
  profile: 'full',
  checks: '',
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function splitTargets(text: string): string[] {
  return text.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean);
}

/**
 * `104, 11112 4242, 5000-8999` → numbers; empty → null (the engine's defaults). Numbers
 * and ranges as the CLI's `--ports` reads them (shared/ports.ts parsePortList, the same
 * limits), separated by commas, spaces or semicolons.
 */
export function parsePorts(text: string): Parsed<number[] | null> {
  // A range may be typed with spaces around its dash (`5000 - 8999`): keep it one entry.
  const parts = text.replace(/\s*-\s*/g, '-').split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return { ok: true, value: null };
  const odd = parts.find((p) => !/^\d{1,5}(?:-\d{1,5})?$/.test(p));
  if (odd !== undefined) {
    return { ok: false, message: `Port "${odd}" is not a port number: use numbers from 1 to 65535 and ranges like 5000-8999, separated by commas.` };
  }
  try {
    return { ok: true, value: parsePortList(parts.join(',')) };
  } catch (e) {
    if (e instanceof PortListError) return { ok: false, message: `Ports: ${e.message}.` };
    throw e;
  }
}

/** The advanced check list: ids or `prefix*` (shared/check-selection.ts); empty → undefined (the profile decides). */
export function parseChecks(text: string): Parsed<string[] | undefined> {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return { ok: true, value: undefined };
  try {
    parseCheckList(parts.join(','));
  } catch (e) {
    if (e instanceof CheckSelectionError) return { ok: false, message: `Checks: ${e.message}.` };
    throw e;
  }
  return { ok: true, value: parts };
}

/** An AE title per PS3.5 (shared/ae-title.ts). */
export { isAeTitle };

/** One `AE@host:port` line; IPv6 hosts in brackets (`PACS@[::1]:104`). */
export function parseCalledAeLine(line: string): Parsed<CalledAe> {
  const m = /^(.+)@(\[[0-9A-Fa-f:.]+\]|[^\s@:[\]]+):(\d{1,5})$/.exec(line.trim());
  const hint = `"${line.trim()}" should look like PACS_AE@10.0.0.5:104.`;
  if (!m) return { ok: false, message: `Called AE title line ${hint}` };
  const [, aet = '', rawHost = '', rawPort = ''] = m;
  if (!isAeTitle(aet)) return { ok: false, message: `"${aet}" is not a valid AE title: 1 to 16 characters, no backslash.` };
  const port = Number(rawPort);
  if (port < 1 || port > 65535) return { ok: false, message: `Called AE title line ${hint} (port out of range)` };
  return { ok: true, value: { aet, host: rawHost.replace(/^\[|\]$/g, ''), port } };
}

export function parseCalledAes(text: string): Parsed<CalledAe[]> {
  const out: CalledAe[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const parsed = parseCalledAeLine(line);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** The form as a scan request, or the first thing the admin must correct (one line). */
export function buildScanRequest(form: ScopeForm): Parsed<ScanRequestFields> {
  const targets = splitTargets(form.targets);
  if (targets.length === 0) {
    return { ok: false, message: 'Enter at least one target: an address, a CIDR block such as 10.0.4.0/24, a range or a host name.' };
  }
  const ports = parsePorts(form.ports);
  if (!ports.ok) return ports;
  const calledAes = parseCalledAes(form.calledAes);
  if (!calledAes.ok) return calledAes;
  const checks = parseChecks(form.checks);
  if (!checks.ok) return checks;
  const callingAe = form.callingAe.trim();
  if (callingAe && !isAeTitle(callingAe)) {
    return { ok: false, message: `Calling AE title "${callingAe}" is not valid: 1 to 16 characters, no backslash.` };
  }
  const request: ScanRequestFields = {
    targets,
    ports: ports.value,
    calledAes: calledAes.value,
    vantage: { label: form.vantageLabel.trim() || 'this workstation', untrusted: form.untrusted },
  };
  if (form.inventoryCsv) request.inventoryCsv = form.inventoryCsv;
  if (callingAe) request.callingAe = callingAe;
  if (form.allowLargeScope) request.allowLargeScope = true;
  // A check list, when given, is the selection; otherwise the profile (the full catalog is the default: not sent).
  if (checks.value !== undefined) request.checks = checks.value;
  else if (form.profile !== 'full') request.profile = form.profile;
  return { ok: true, value: request };
}

/** The form as the practice lab suggests it: its targets, ports and the AE titles of its servers. */
export function formFromRequest(suggested: ScanRequestFields, previous: ScopeForm): ScopeForm {
  return {
    ...previous,
    targets: suggested.targets.join('\n'),
    ports: (suggested.ports ?? DEFAULT_PORTS).join(', '),
    calledAes: suggested.calledAes.map((c) => `${c.aet}@${serverKey(c)}`).join('\n'),
    inventoryCsv: suggested.inventoryCsv ?? null,
    inventoryName: suggested.inventoryCsv ? 'practice lab inventory' : null,
    vantageLabel: suggested.vantage.label,
    untrusted: suggested.vantage.untrusted,
    callingAe: suggested.callingAe ?? '',
    allowLargeScope: suggested.allowLargeScope ?? false,
    profile: suggested.profile ?? previous.profile,
    checks: suggested.checks?.join(', ') ?? previous.checks,
  };
}
