/** The opt-in default-credentials attempt, against a scripted loopback web server. */
import { describe, expect, it } from 'vitest';
import { collectWeb } from '../../../../electron/engine/web/collect';
import { DEFAULT_CREDENTIALS, judgeDefaultCredentials, tryDefaultCredentials } from '../../../../electron/engine/web/credentials';
import { ctx, GOOD, orthancLike, site } from './loopback-site';

describe('default credentials (opt-in)', () => {
  it('tries Orthanc\'s documented default exactly once, and finds it', async () => {
    const { port, seen } = await site(orthancLike(GOOD));
    const c = ctx(['web.default-credentials']);
    const web = await collectWeb({ host: '127.0.0.1', port }, false, c);
    const before = seen.length;
    const o = await tryDefaultCredentials({ host: '127.0.0.1', port }, web, c);
    const tries = seen.slice(before);
    expect(tries).toEqual([{ path: '/system', auth: GOOD, accept: 'application/json' }]);
    expect(o.attempts).toEqual([{ product: 'Orthanc', username: 'orthanc', path: '/system', outcome: 'success', status: 200, accepted: true }]);
    const r = judgeDefaultCredentials(o, c.options);
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('critical');
    expect(JSON.stringify(r)).not.toContain('"orthanc:orthanc"');
  });

  it('passes when the default is refused', async () => {
    const { port } = await site(orthancLike(`Basic ${Buffer.from('admin:s3cret').toString('base64')}`));
    const c = ctx(['web.default-credentials']);
    const o = await tryDefaultCredentials({ host: '127.0.0.1', port }, await collectWeb({ host: '127.0.0.1', port }, false, c), c);
    expect(o.attempts).toHaveLength(1);
    expect(judgeDefaultCredentials(o, c.options).status).toBe('pass');
  });

  it('sends nothing without the opt-in, and the check is skipped', async () => {
    const { port, seen } = await site(orthancLike(GOOD));
    const c = ctx();
    const web = await collectWeb({ host: '127.0.0.1', port }, false, c);
    const before = seen.length;
    const o = await tryDefaultCredentials({ host: '127.0.0.1', port }, web, c);
    expect(seen.length).toBe(before);
    expect(seen.some((x) => x.auth)).toBe(false);
    expect(judgeDefaultCredentials(o, c.options).status).toBe('skipped');
  });

  it('not-applicable when no login is asked, or the product has no documented default', async () => {
    const { port, seen } = await site(orthancLike(undefined));
    const c = ctx(['web.default-credentials']);
    const o = await tryDefaultCredentials({ host: '127.0.0.1', port }, await collectWeb({ host: '127.0.0.1', port }, false, c), c);
    expect(seen.some((x) => x.auth)).toBe(false);
    expect(judgeDefaultCredentials(o, c.options).status).toBe('not-applicable');
    const ohif = await tryDefaultCredentials({ host: '127.0.0.1', port }, { kind: 'web', tls: false, exchanges: [], recognition: { product: 'OHIF', interfaces: [], recognisedBy: [] } }, c);
    expect(ohif.notTried).toBe('no-documented-defaults');
    expect(judgeDefaultCredentials(ohif, c.options).status).toBe('not-applicable');
  });

  it('the table holds only vendor-documented pairs, one per product', () => {
    expect(DEFAULT_CREDENTIALS.map((d) => `${d.product}:${d.username}`)).toEqual(['Orthanc:orthanc']);
  });
});
