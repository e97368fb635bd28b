/** The ports a scan tries when the user gives none: the CLI's default, and the app form's. Pure. */

/**
 * DICOM (104, 11112, 4242 Orthanc), DICOM TLS (2761 ISCL, 2762 DICOM TLS), and the web
 * ports of PACS front ends and viewers.
 */
export const DEFAULT_PORTS: readonly number[] = [104, 11112, 4242, 2761, 2762, 80, 443, 8042, 8080, 8443];

/** A port list that cannot be read, in one line naming the bad entry. */
export class PortListError extends Error {
  override readonly name = 'PortListError';
}

/**
 * Parse `104,11112,8000-8100` into distinct ports in the order given: numbers 1-65535
 * and ranges `LO-HI` (LO <= HI), comma-separated. The CLI's `--ports` (engine/ports.ts
 * parsePorts) and the app's scope form read lists with this one function, so both
 * accept and refuse the same lists. Throws PortListError.
 */
export function parsePortList(list: string): number[] {
  const entries = list.split(',').map((e) => e.trim());
  if (entries.length === 1 && entries[0] === '') throw new PortListError('empty port list');
  const seen = new Set<number>();
  const out: number[] = [];
  const add = (p: number): void => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const e of entries) {
    if (e === '') throw new PortListError(`bad port list "${list}": empty entry`);
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(e);
    if (!m) throw new PortListError(`bad port "${e}": use numbers 1-65535 and ranges like 8000-8100`);
    const lo = checkPort(m[1]!, e);
    const hi = m[2] === undefined ? lo : checkPort(m[2], e);
    if (hi < lo) throw new PortListError(`bad port range "${e}": it ends before it starts`);
    for (let p = lo; p <= hi; p++) add(p);
  }
  return out;
}

function checkPort(text: string, entry: string): number {
  const p = Number(text);
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new PortListError(`bad port "${entry}": ${text} is outside 1-65535`);
  return p;
}
