import { describe, expect, it } from 'vitest';
import { openStore, type InternetObservationInput } from '../../../electron/store';

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
      store.db.transaction(() => staging.commit({ id: 'imp-1', importedAt: '2024-02-01T00:00:00.000Z', fileName: 'f', fileSha256: sha, format: 'shodan', recordsRead: rows.length, skipped: 0 }))();
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
});
