import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { importFiles } from '../../../electron/internet/import';
import { openStore, type InternetObservationInput, type Store } from '../../../electron/store';
import { makeHosts, shodanJsonl } from './fixtures';

const good: InternetObservationInput = { host: '192.0.2.1', port: 104, transport: 'tcp', state: 'open', kind: 'dicom', product: null, version: null, tls: false, said: {}, observedAt: '2024-01-01T00:00:00.000Z', source: 'shodan' };
const sha = 'b'.repeat(64);
const checksOff = (store: Store): number => store.db.pragma('ignore_check_constraints', { simple: true }) as number;
/** Commits what `staging` holds as import `id`, in a transaction of its own (as importFiles does). */
const commitAs = (store: Store, staging: ReturnType<Store['internet']['stage']>, id: string, recordsRead = 1, fileSha256 = sha): void => {
  store.db.transaction(() => staging.commit({ id, importedAt: '2024-02-01T00:00:00.000Z', fileName: 'f', fileSha256, format: 'shodan', recordsRead, skipped: 0 }))();
};

describe('staged observations (enumerations packed in one integer while staged)', () => {
  it('come out of the store exactly as they went in, for every combination', () => {
    const store = openStore(':memory:');
    try {
      const rows: InternetObservationInput[] = [];
      let n = 0;
      for (const transport of ['tcp', 'udp'] as const)
        for (const state of ['open', 'closed', 'filtered'] as const)
          for (const kind of ['dicom', 'dicom-tls', 'web', 'other'] as const)
            for (const tls of [false, true])
              for (const source of ['censys', 'shodan', 'nmap'] as const) {
                n++;
                rows.push({ host: `192.0.2.${n % 250}`, port: 1 + ((n * 7919) % 65535), transport, state, kind, product: n % 3 ? `p${n}` : null, version: n % 5 ? null : `v${n}`, tls, said: { n }, observedAt: new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString(), source });
              }
      const staging = store.internet.stage('imp-1');
      staging.add(rows.slice(0, 150));
      staging.add(rows.slice(150));
      const sha = 'a'.repeat(64);
      commitAs(store, staging, 'imp-1', rows.length, sha);
      staging.discard();
      const back = store.internet.listObservations();
      expect(back).toHaveLength(rows.length);
      const key = (o: InternetObservationInput): string => JSON.stringify([o.host, o.port, o.transport, o.state, o.kind, o.product, o.version, o.tls, o.said, o.observedAt, o.source]);
      expect(back.map(key).sort()).toEqual(rows.map(key).sort());
      expect(back.every((o) => o.importId === 'imp-1' && o.fileSha256 === sha)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a value the store does not know, and keeps nothing', () => {
    const store = openStore(':memory:');
    try {
      const staging = store.internet.stage('imp-2');
      const bad = { host: '192.0.2.1', port: 104, transport: 'sctp', state: 'open', kind: 'dicom', product: null, version: null, tls: false, said: {}, observedAt: '2024-01-01T00:00:00.000Z', source: 'shodan' } as unknown as InternetObservationInput;
      expect(() => staging.add([bad])).toThrow(/does not know/);
      staging.discard();
      expect(store.internet.listObservations()).toEqual([]);
    } finally {
      store.close();
    }
  });

  // The final INSERT ... SELECT runs with CHECK constraints off: staging must refuse
  // everything internet_observations' CHECKs would (migration 12), and nothing else may
  // ever run with them off.
  it.each<[string, Partial<Record<keyof InternetObservationInput, unknown>>]>([
    ['an empty host', { host: '' }],
    ['a host that is not text', { host: 7 }],
    ['port 0', { port: 0 }],
    ['port 65536', { port: 65536 }],
    ['a port that is not an integer', { port: 104.5 }],
    ['a port as text', { port: '104' }],
    ['said as an array', { said: [] }],
    ['said as null', { said: null }],
    ['said as text', { said: '{}' }],
    ['an unknown kind', { kind: 'smtp' }],
    ['an unknown state', { state: 'open|filtered' }],
    ['an unknown source', { source: 'zoomeye' }],
  ])('refuses %s at staging, before any CHECK would see it', (_what, change) => {
    const store = openStore(':memory:');
    try {
      const staging = store.internet.stage('imp-3');
      // Alone, and as one row of a full 100-row INSERT.
      expect(() => staging.add([{ ...good, ...change } as InternetObservationInput])).toThrow();
      const rows = Array.from({ length: 150 }, (_, i) => (i === 42 ? ({ ...good, ...change } as InternetObservationInput) : good));
      expect(() => staging.add(rows)).toThrow();
      staging.add([good]);
      commitAs(store, staging, 'imp-3');
      staging.discard();
      expect(store.internet.listObservations()).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('moves the rows with CHECK constraints off, and puts them back on after a commit', () => {
    const store = openStore(':memory:');
    try {
      expect(checksOff(store)).toBe(0);
      const staging = store.internet.stage('imp-4');
      staging.add([good]);
      commitAs(store, staging, 'imp-4');
      staging.discard();
      expect(checksOff(store)).toBe(0);
      // and the CHECKs bite again on the same connection
      expect(() => store.db.prepare("INSERT INTO internet_observations (import_id, host, port, transport, state, kind, tls, said, observed_at, source, file_sha256) VALUES ('imp-4', '192.0.2.9', 0, 'tcp', 'open', 'dicom', 0, '{}', '2024-01-01T00:00:00.000Z', 'shodan', ?)").run(sha)).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });

  it('puts CHECK constraints back on when moving the rows fails, and keeps nothing', () => {
    const store = openStore(':memory:');
    try {
      const staging = store.internet.stage('imp-5');
      // A BLOB where the STRICT table wants text: staged (the TEMP table is not STRICT), refused by the move itself.
      staging.add([{ ...good, product: Buffer.from('x') as unknown as string }]);
      expect(() => commitAs(store, staging, 'imp-5')).toThrow(/BLOB/);
      staging.discard();
      expect(checksOff(store)).toBe(0);
      expect(store.internet.listObservations()).toEqual([]);
      expect(store.internet.listImports()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('leaves CHECK constraints on after a whole import, good or refused', async () => {
    const store = openStore(':memory:');
    try {
      const text = shodanJsonl(makeHosts(30));
      const r = await importFiles(store, [{ name: 's.json.gz', bytes: gzipSync(text) }]);
      expect(r.imported).toBeGreaterThan(0);
      expect(checksOff(store)).toBe(0);
      await expect(importFiles(store, [{ name: 'bad.jsonl', bytes: Buffer.from(`${text}{"ip_str": "192.0.2.1", "port": 0}\n`) }], { strict: true })).rejects.toThrow(/strict/);
      expect(checksOff(store)).toBe(0);
      expect(store.internet.listImports()).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
