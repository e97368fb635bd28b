/** Port lists: the default DICOM/web ports and the `--ports` parser. */
import { parsePortList, PortListError } from '../../shared/ports';
import { ScopeError } from './scope';

/** Ports tried when the user gives none (shared/ports.ts). */
export { DEFAULT_PORTS } from '../../shared/ports';

/**
 * Parse `104,11112,8000-8100` into distinct ports in the order given (shared/ports.ts
 * parsePortList, the form's parser too). Throws ScopeError (one line, naming the bad entry).
 */
export function parsePorts(list: string): number[] {
  try {
    return parsePortList(list);
  } catch (e) {
    if (e instanceof PortListError) throw new ScopeError(e.message);
    throw e;
  }
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
