/**
 * Shodan observations share frozen `said` objects (one per module, DICOM, web status):
 * the same values, in the same key order (the store keeps them as JSON text), as the
 * object built afresh per banner before; frozen, so nothing downstream can change one
 * banner's `said` and with it every other banner's.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/internet/import';
import { saidOf, saidOfGeneral, shodanRecord } from '../../../electron/internet/shodan';
import { openStore } from '../../../electron/store';
import { makeHosts, shodanJsonl } from './fixtures';

let seed = 3;
const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;

/** What shodanRecord built per banner before `said` objects were shared (the old code, as it was). */
function saidBefore(doc: Record<string, unknown>): object {
  const r = shodanRecord(doc, 'x').observations[0]!;
  const module = (doc._shodan as { module?: unknown } | undefined)?.module;
  const said: Record<string, unknown> = {};
  if (typeof module === 'string' && module !== '') said.service = module;
  const dicom = r.kind === 'dicom' || r.kind === 'dicom-tls';
  if (dicom) said.dicom = {};
  const http = doc.http as { status?: unknown } | undefined;
  if (r.kind === 'web' && typeof http === 'object' && http !== null && typeof http.status === 'number' && Number.isInteger(http.status)) said.web = { status: http.status };
  return said;
}

function isDeepFrozen(o: unknown): boolean {
  if (typeof o !== 'object' || o === null) return true;
  return Object.isFrozen(o) && Object.values(o).every(isDeepFrozen);
}

describe('shared said objects', () => {
  const modules = [null, 'dicom', 'DICOM', 'http', 'https', 'http-simple-new', 'ssh', 'dicomweb', 'x'];

  it('equal the object built afresh, key order included, for every combination', () => {
    for (const module of [...modules, ...Array.from({ length: 50 }, (_, k) => `m${k}`)])
      for (const dicom of [false, true])
        for (const status of [undefined, 200, 301, 404, 0, -1, 2 ** 40, ...Array.from({ length: 80 }, () => rnd(1000))]) {
          const shared = saidOf(module, dicom, status);
          const fresh = saidOfGeneral(module, dicom, status);
          expect(shared).toEqual(fresh);
          expect(JSON.stringify(shared)).toBe(JSON.stringify(fresh));
          // and asked again: the same answer (the very object, when it is kept)
          expect(saidOf(module, dicom, status)).toEqual(fresh);
        }
  });

  it('give every banner the said it had before, shared between banners of one shape, deep frozen', () => {
    const seen = new Set<object>();
    for (let k = 0; k < 3000; k++) {
      const module = pick(modules);
      const doc: Record<string, unknown> = {
        ip_str: `192.0.2.${1 + rnd(250)}`,
        port: pick([104, 11112, 80, 443, 8080, 22, 2762]),
        timestamp: '2026-06-01T10:00:00.123456',
        ...(module === null ? {} : { _shodan: { module } }),
        ...(rnd(3) === 0 ? { product: pick(['Orthanc', 'DICOM server', 'nginx', 'OpenSSH']) } : {}),
        ...(rnd(3) === 0 ? { ssl: {} } : {}),
        ...(rnd(2) === 0 ? { http: rnd(4) === 0 ? {} : { status: pick([200, 301, 404, 200.5, '200']) } } : {}),
      };
      const o = shodanRecord(doc, 'x').observations[0]!;
      expect(o.said, JSON.stringify(doc)).toEqual(saidBefore(doc));
      expect(JSON.stringify(o.said)).toBe(JSON.stringify(saidBefore(doc)));
      expect(isDeepFrozen(o.said)).toBe(true);
      seen.add(o.said);
    }
    // a few shapes, not one object per banner
    expect(seen.size).toBeLessThan(100);
  });

  it('come out of an import (staged, collected for the answer) unchanged', async () => {
    const store = openStore(':memory:');
    try {
      const hosts = makeHosts(40);
      const before = modules.map((m) => [JSON.stringify(saidOf(m, true, undefined)), JSON.stringify(saidOf(m, false, 200))]);
      const r = await importFiles(store, [{ name: 's.json.gz', bytes: gzipSync(shodanJsonl(hosts)) }], { collect: true });
      expect(r.imported).toBeGreaterThan(0);
      expect(store.internet.listObservations().every((o) => typeof o.said === 'object' && !Object.isFrozen(o.said))).toBe(true);
      expect(modules.map((m) => [JSON.stringify(saidOf(m, true, undefined)), JSON.stringify(saidOf(m, false, 200))])).toEqual(before);
      expect(isDeepFrozen(saidOf('dicom', true, undefined))).toBe(true);
    } finally {
      store.close();
    }
  });
});
