/**
 * Why a real-peer test cannot run here, if it cannot: use with
 * `describe.skipIf(peerSkipReason('orthanc'))(...)`. On the project's machines
 * and in CI everything is present, so the real-peer tests run there.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PeerNeed } from './types';

/** Binaries each need requires on PATH. */
const BINARIES: Record<PeerNeed, string[]> = {
  orthanc: ['Orthanc'],
  dcmtk: ['storescp', 'dcmqrscp', 'echoscu', 'findscu'],
  nginx: ['nginx'],
  root: [],
  netns: ['ip', 'nft'],
  nmap: ['nmap'],
  chromium: ['chromium'],
};

/** Full path of an executable found on PATH (plus the sbin dirs root uses), or undefined. */
export function whichBinary(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin', '/usr/local/sbin']);
  for (const dir of dirs) {
    if (!dir) continue;
    const full = join(dir, name);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * undefined when everything needed is present (Linux, the binaries on PATH,
 * root for network namespaces); otherwise a one-line reason to skip.
 */
export function peerSkipReason(...needs: PeerNeed[]): string | undefined {
  if (process.platform !== 'linux') return `real-peer tests need Linux (this is ${process.platform})`;
  const missing: string[] = [];
  for (const need of needs) {
    if ((need === 'root' || need === 'netns') && !isRoot()) {
      missing.push(`root (for ${need === 'netns' ? 'network namespaces' : 'this test'})`);
    }
    for (const bin of BINARIES[need]) {
      if (!whichBinary(bin)) missing.push(`${bin} (${need})`);
    }
  }
  return missing.length ? `real-peer test skipped, missing: ${[...new Set(missing)].join(', ')}` : undefined;
}
