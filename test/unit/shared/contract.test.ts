/** The contract's runtime half: channel lists, the API builder, the zod schemas and their messages. */
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, apiMethodNames, buildApi, eventPath, invokePath, type Transport } from '../../../shared/contract';
import { MANUAL_CHECK_IDS } from '../../../shared/catalog';
import { INVOKE_SCHEMAS, aeTitle, describeIssues } from '../../../shared/contract-schemas';

describe('channel names', () => {
  it('map to area.method, with hyphens camel-cased in both', () => {
    expect(invokePath('scan:start')).toEqual(['scan', 'start']);
    expect(invokePath('records:export-pdf' as never)).toEqual(['records', 'exportPdf']);
    expect(eventPath('scan:progress')).toEqual(['scan', 'onProgress']);
    expect(eventPath('remediation:step-done' as never)).toEqual(['remediation', 'onStepDone']);
    expect(invokePath('maintenance-window:get')).toEqual(['maintenanceWindow', 'get']);
    expect(eventPath('practice-lab:state' as never)).toEqual(['practiceLab', 'onState']);
  });

  it('have one schema each, and no schema without a channel', () => {
    expect(Object.keys(INVOKE_SCHEMAS).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });
});

describe('buildApi', () => {
  function recording() {
    const sent: unknown[][] = [];
    const subs: string[] = [];
    const transport: Transport = {
      invoke: (channel, ...rest) => {
        sent.push([channel, ...rest]);
        return Promise.resolve({ ok: true, value: null });
      },
      subscribe: (channel) => {
        subs.push(channel);
        return () => undefined;
      },
    };
    return { api: buildApi(transport), sent, subs };
  }

  it('builds one named function per channel and event, frozen', () => {
    const { api } = recording();
    const names = Object.entries(api).flatMap(([a, fns]) => Object.keys(fns as object).map((m) => `${a}.${m}`)).sort();
    expect(names).toEqual(apiMethodNames());
    expect(names).toHaveLength(INVOKE_CHANNELS.length + EVENT_CHANNELS.length);
    // Areas read as words: a maintenance window is never `window`, the practice lab never a bare `lab`.
    expect(names).toEqual(expect.arrayContaining(['maintenanceWindow.create', 'maintenanceWindow.summary', 'practiceLab.start', 'practiceLab.stop']));
    expect(Object.keys(api).filter((a) => a === 'window' || a === 'lab' || a.includes('-'))).toEqual([]);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.scan)).toBe(true);
  });

  it('passes exactly one argument on, whatever the page passes', async () => {
    const { api, sent } = recording();
    const req = { scanId: 'a' };
    await (api.scan.get as (...a: unknown[]) => Promise<unknown>)(req, 'extra');
    await api.scan.list();
    expect(sent).toEqual([
      ['scan:get', req],
      ['scan:list', undefined],
    ]);
  });

  it('subscribes on the event’s own channel', () => {
    const { api, subs } = recording();
    api.scan.onFinished(() => undefined);
    api.scan.onService(() => undefined);
    expect(subs).toEqual(['scan:finished', 'scan:service']);
  });
});

describe('schemas', () => {
  const good = {
    targets: ['10.200.0.0/24', 'pacs.local'], ports: [104, 11112], calledAes: [{ aet: 'ORTHANC', host: '10.200.0.5', port: 4242 }], vantage: { label: 'Radiology VLAN', untrusted: false },
    scanId: '3d9c2f4e-8a71-4b0e-9c55-2e6f1a7b8c90',
  };

  it('accept a good scan request (ports null meaning the defaults)', () => {
    expect(INVOKE_SCHEMAS['scan:start'].safeParse(good).success).toBe(true);
    expect(INVOKE_SCHEMAS['scan:start'].safeParse({ ...good, ports: null, inventoryCsv: 'ae_title,host,port,role,description\n', callingAe: 'MY SCU' }).success).toBe(true);
  });

  it('refuse a page-sent allowPublic on scans and re-checks (public scopes are confirmed in the main process)', () => {
    const scan = INVOKE_SCHEMAS['scan:start'].safeParse({ ...good, allowPublic: true });
    expect(scan.success).toBe(false);
    expect(scan.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(INVOKE_SCHEMAS['remediation:verify'].safeParse({ host: '192.0.2.1', port: 104, allowPublic: true }).success).toBe(false);
    expect(INVOKE_SCHEMAS['remediation:verify'].safeParse({ host: '192.0.2.1', port: 104 }).success).toBe(true);
  });

  it.each([
    [{ ...good, targets: [] }, 'targets: give at least one target'],
    [{ ...good, targets: ['10.200.0.1 10.200.0.2'] }, 'targets[0]: one target per entry'],
    [{ ...good, ports: [] }, 'ports: give at least one port'],
    [{ ...good, ports: [70000] }, 'ports[0]: a port is 1 to 65535'],
    [{ ...good, ports: [1.5] }, 'ports[0]: a port is a whole number'],
    [{ ...good, calledAes: [{ aet: 'A\\B', host: 'h', port: 1 }] }, 'calledAes[0].aet: an AE title is 1 to 16 printable characters'],
    [{ ...good, vantage: { label: ' ', untrusted: false } }, 'vantage.label: name the network'],
    [{ ...good, vantage: { label: 'x', untrusted: 'yes' } }, 'vantage.untrusted: untrusted must be true or false'],
    [{ ...good, callingAe: '                ' }, 'callingAe: an AE title cannot be only spaces'],
    [{ ...good, extra: 1 }, 'argument: Unrecognized key'],
    // The caller names the scan (so its events can come before the answer): a UUID, always.
    [{ ...good, scanId: undefined }, 'scanId: scanId must be a new UUID'],
    [{ ...good, scanId: 'scan-1' }, 'scanId: scanId must be a new UUID'],
  ])('refuse %j with a message naming the field', (arg, message) => {
    const r = INVOKE_SCHEMAS['scan:start'].safeParse(arg);
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssues(r.error)).toContain(message);
  });

  it('AE titles: 16 characters at most, no control characters', () => {
    expect(aeTitle.safeParse('ABCDEFGHIJKLMNOP').success).toBe(true);
    expect(aeTitle.safeParse('ABCDEFGHIJKLMNOPQ').success).toBe(false);
    expect(aeTitle.safeParse('AB\nC').success).toBe(false);
    expect(aeTitle.safeParse('').success).toBe(false);
  });

  it('a re-check is cancelled by server, optionally naming the run; the same runId rules on verify', () => {
    const cancel = INVOKE_SCHEMAS['remediation:cancel-verify'];
    const runId = '0b6f7c9e-3a51-4f4e-9d53-6f2a1c7e8b10';
    expect(cancel.safeParse({ host: '127.0.0.1', port: 104 }).success).toBe(true);
    expect(cancel.safeParse({ host: '::1', port: 11112, runId }).success).toBe(true);
    expect(INVOKE_SCHEMAS['remediation:verify'].safeParse({ host: '127.0.0.1', port: 104, runId }).success).toBe(true);
    const refused: [unknown, string][] = [
      [undefined, 'argument'],
      [{}, 'host'],
      [{ host: '127.0.0.1' }, 'port: a port is a whole number'],
      [{ host: '127.0.0.1', port: 0 }, 'port: a port is 1 to 65535'],
      [{ host: '127.0.0.1', port: '104' }, 'port: a port is a whole number'],
      [{ host: 'two words', port: 104 }, 'host: a host cannot contain spaces'],
      [{ host: '127.0.0.1', port: 104, runId: '' }, 'runId: runId is 1 to 128 letters'],
      [{ host: '127.0.0.1', port: 104, runId: 'a/b' }, 'runId: runId is 1 to 128 letters'],
      [{ host: '127.0.0.1', port: 104, runId: 'x'.repeat(129) }, 'runId: runId is 1 to 128 letters'],
      [{ host: '127.0.0.1', port: 104, runId: 7 }, 'runId: runId must be text'],
      [{ host: '127.0.0.1', port: 104, scanId: 's1' }, 'argument: Unrecognized key'],
    ];
    for (const [arg, message] of refused) {
      const r = cancel.safeParse(arg);
      expect(r.success, JSON.stringify(arg)).toBe(false);
      if (!r.success) expect(describeIssues(r.error), JSON.stringify(arg)).toContain(message);
    }
    const bad = INVOKE_SCHEMAS['remediation:verify'].safeParse({ host: '127.0.0.1', port: 104, runId: 'has space' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(describeIssues(bad.error)).toContain('runId:');
  });

  it('a lone UTF-16 surrogate: refused in who did it (an identity), made U+FFFD in a note (prose)', () => {
    const broken = 'contains a broken character (a lone UTF-16 surrogate): type it again';
    const server = { host: '127.0.0.1', port: 104 };
    const refused: Array<[string, unknown, string]> = [
      ['remediation:set-step', { ...server, stepId: 's1', done: true, by: 'Ada \ud800' }, `by: ${broken}`],
      ['remediation:attest', { ...server, id: MANUAL_CHECK_IDS[0], attested: true, by: '\udc00Ada', note: 'checked' }, `by: ${broken}`],
      ['operators:create', { name: 'Ada\ud83d', role: '', passphrase: 'a long enough passphrase' }, `name: ${broken}`],
      ['operators:create', { name: 'Ada', role: 'admin\ud83d', passphrase: 'a long enough passphrase' }, `role: ${broken}`],
    ];
    for (const [channel, arg, message] of refused) {
      const r = (INVOKE_SCHEMAS as Record<string, { safeParse(a: unknown): { success: boolean; error?: Parameters<typeof describeIssues>[0] } }>)[channel]!.safeParse(arg);
      expect(r.success, channel).toBe(false);
      expect(describeIssues(r.error!), channel).toContain(message);
    }
    // A well-formed pair (an emoji) is left alone; half of one becomes U+FFFD.
    expect(INVOKE_SCHEMAS['operators:create'].safeParse({ name: 'Ada \ud83d\ude00', role: '', passphrase: 'a long enough passphrase' }).success).toBe(true);
    const step = INVOKE_SCHEMAS['remediation:set-step'].parse({ ...server, stepId: 's1', done: true, by: 'Ada', note: 'done \ud83d' });
    expect(step.note).toBe('done \ufffd');
    const attest = INVOKE_SCHEMAS['remediation:attest'].parse({ ...server, id: MANUAL_CHECK_IDS[0], attested: true, by: 'Ada', note: 'seen \udc00' });
    expect(attest.note).toBe('seen \ufffd');
    const preview = INVOKE_SCHEMAS['records:preview'].parse({ ...server, note: '\ud800' });
    expect(preview.note).toBe('\ufffd');
  });

  it('channels without an argument accept nothing else', () => {
    expect(INVOKE_SCHEMAS['app:info'].safeParse(undefined).success).toBe(true);
    for (const v of [null, {}, 0, '']) expect(INVOKE_SCHEMAS['practice-lab:start'].safeParse(v).success).toBe(false);
  });
});
