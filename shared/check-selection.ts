/**
 * Which checks a scan runs (issue 16): the whole catalog (the default), a named
 * profile, or a list of check ids and prefixes. Pure; the CLI (`--checks`,
 * `--profile`), the app's scope form, the engine and the store share it.
 *
 * The selection decides what is SENT, not only what is shown: the engine runs a
 * probe only when one of its checks is selected (`selection.runs(id)`), and a check
 * not selected is reported `skipped`, never `pass`.
 *
 * List syntax (`--checks`): comma-separated; each entry is a check id
 * (`dicom.any-called-ae`) or a prefix ending in `*` (`dicom.*`, `tls.*`,
 * `dicom.any-*`) that selects every catalog id starting with what precedes the `*`.
 * An entry that names no check is an error.
 */
import { CHECK_IDS, type CheckId } from './catalog';

/** Named profiles. `full`: every check in the catalog; `discovery`: find and identify services, one association per port. */
export const PROFILES = ['full', 'discovery'] as const;
export type Profile = (typeof PROFILES)[number];

/** How a selection was made: a named profile, or a list (`--checks`). */
export type SelectionKind = Profile | 'custom';

/**
 * The discovery profile: what nmap's dicom-ping learns and a little more, from ONE
 * DICOM association per port (a random called AE title, an unknown calling AE):
 * DICOM answers and what product (dicom.detected), whether a random called AE or an
 * unknown calling AE is let in (judged from that one association), plaintext vs TLS,
 * imaging web interfaces recognised from identification's own GETs, exposure (sends
 * nothing). No query, retrieve or store, no TLS version/certificate/cipher
 * enumeration, no web data probes.
 */
export const DISCOVERY_CHECKS: readonly CheckId[] = [
  'dicom.detected',
  'dicom.any-calling-ae',
  'dicom.any-called-ae',
  'dicom.plaintext',
  'dicom.tls-downgrade',
  'web.detected',
  'web.plaintext',
  'exposure.untrusted-reach',
  'exposure.internet',
];

/** A selection as stored and reported (plain JSON): `scan.profile` and `scan.checks`. */
export interface SelectionData {
  profile: SelectionKind;
  /** The check ids that run, in catalog order. */
  checks: CheckId[];
}

export class CheckSelection {
  readonly #ids: ReadonlySet<string>;
  private constructor(
    readonly profile: SelectionKind,
    ids: readonly CheckId[],
  ) {
    this.#ids = new Set(ids);
  }

  /**
   * THE predicate: does this scan run check `id`? Every step that sends something
   * for a check asks it (a check id this build does not know is never run by a
   * profile other than `full`).
   */
  runs(id: string): boolean {
    return this.profile === 'full' || this.#ids.has(id);
  }

  /** True when any of `ids` runs. */
  runsAny(ids: readonly string[]): boolean {
    return ids.some((id) => this.runs(id));
  }

  /**
   * At most one DICOM association per port: identification makes only its first
   * attempt (a random called AE title) and no called AE title is guessed. The
   * discovery profile's promise.
   */
  get oneAssociation(): boolean {
    return this.profile === 'discovery';
  }

  /** The ids that run, in catalog order. */
  get ids(): CheckId[] {
    return CHECK_IDS.filter((id) => this.runs(id));
  }

  toJSON(): SelectionData {
    return { profile: this.profile, checks: this.ids };
  }

  static readonly #full = new CheckSelection('full', CHECK_IDS);
  static readonly #discovery = new CheckSelection('discovery', DISCOVERY_CHECKS);

  static full(): CheckSelection {
    return CheckSelection.#full;
  }

  static profile(p: Profile): CheckSelection {
    return p === 'full' ? CheckSelection.#full : CheckSelection.#discovery;
  }

  /** A `--checks` list already parsed (parseCheckList). */
  static custom(ids: readonly CheckId[]): CheckSelection {
    return new CheckSelection('custom', ids);
  }

  /** From stored/reported data; unknown ids are dropped. */
  static fromData(d: SelectionData): CheckSelection {
    if (d.profile === 'full' || d.profile === 'discovery') return CheckSelection.profile(d.profile);
    return CheckSelection.custom(d.checks.filter((c) => (CHECK_IDS as readonly string[]).includes(c)));
  }
}

/** A bad `--checks` list or profile name, in one line. */
export class CheckSelectionError extends Error {
  override readonly name = 'CheckSelectionError';
}

export function isProfile(s: string): s is Profile {
  return (PROFILES as readonly string[]).includes(s);
}

/**
 * Parse a `--checks` list: ids and `prefix*` entries, comma-separated (spaces around
 * entries ignored). Returns the selected ids in catalog order. Throws
 * CheckSelectionError (one line) for an empty list or an entry that names no check.
 */
export function parseCheckList(text: string): CheckId[] {
  const entries = text.split(',').map((e) => e.trim());
  if (entries.every((e) => e === '')) throw new CheckSelectionError('the check list is empty: give check ids or prefixes like dicom.*');
  const picked = new Set<CheckId>();
  for (const e of entries) {
    if (e === '') continue;
    let hit: CheckId[];
    if (e.endsWith('*')) {
      const prefix = e.slice(0, -1);
      if (prefix.includes('*')) throw new CheckSelectionError(`bad check pattern "${e}": only one * at the end, like dicom.*`);
      hit = CHECK_IDS.filter((id) => id.startsWith(prefix));
      if (hit.length === 0) throw new CheckSelectionError(`no check starts with "${prefix}" (ids start with dicom., tls., web. or exposure.)`);
    } else {
      if (!(CHECK_IDS as readonly string[]).includes(e)) {
        throw new CheckSelectionError(`unknown check "${e}" (see docs/checks.md; a prefix ends in *, like dicom.*)`);
      }
      hit = [e as CheckId];
    }
    for (const id of hit) picked.add(id);
  }
  return CHECK_IDS.filter((id) => picked.has(id));
}

/**
 * The selection from the two inputs (flags or form fields): a profile name and/or a
 * check list. Both given: refused (a profile is itself a list). Neither: the full catalog.
 */
export function selectionFrom(profile: string | undefined, checks: string | undefined): CheckSelection {
  if (profile !== undefined && checks !== undefined) throw new CheckSelectionError('give a profile or a check list, not both');
  if (profile !== undefined) {
    if (!isProfile(profile)) throw new CheckSelectionError(`unknown profile "${profile}" (known: ${PROFILES.join(', ')})`);
    return CheckSelection.profile(profile);
  }
  if (checks !== undefined) return CheckSelection.custom(parseCheckList(checks));
  return CheckSelection.full();
}
