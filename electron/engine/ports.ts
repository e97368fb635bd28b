/** Port lists: the default DICOM/web ports and the `--ports` parser. */
import { ScopeError } from './scope';

/** Ports tried when the user gives none (shared/ports.ts). */
export { DEFAULT_PORTS } from '../../shared/ports';

/**
 * Parse `104,11112,8000-8100` into distinct ports in the order given.
 * Throws ScopeError (one line, naming the bad entry) on anything else.
 */
export function parsePorts(list: string): number[] {
  const entries = list.split(',').map((e) => e.trim());
  if (entries.length === 1 && entries[0] === '') throw new ScopeError('empty port list');
  const seen = new Set<number>();
  const out: number[] = [];
  const add = (p: number): void => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const e of entries) {
    if (e === '') throw new ScopeError(`bad port list "${list}": empty entry`);
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(e);
    if (!m) throw new ScopeError(`bad port "${e}": use numbers 1-65535 and ranges like 8000-8100`);
    const lo = checkPort(m[1]!, e);
    const hi = m[2] === undefined ? lo : checkPort(m[2], e);
    if (hi < lo) throw new ScopeError(`bad port range "${e}": it ends before it starts`);
    for (let p = lo; p <= hi; p++) add(p);
  }
  return out;
}

function checkPort(text: string, entry: string): number {
  const p = Number(text);
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new ScopeError(`bad port "${entry}": ${text} is outside 1-65535`);
  return p;
}

/** Validate a port list given as numbers (the app's form, the IPC contract). */
export function checkPorts(ports: readonly number[]): number[] {
  if (ports.length === 0) throw new ScopeError('no ports given');
  const seen = new Set<number>();
  const out: number[] = [];
  for (const p of ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new ScopeError(`bad port ${String(p)}: use whole numbers 1-65535`);
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  }
  return out;
}
