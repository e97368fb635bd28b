import { describe, expect, it } from 'vitest';
import type { MaintenanceWindowServerProgress } from '../../../../../shared/remediation';
import {
  buildMaintenanceWindowRequest,
  countdown,
  defaultMaintenanceWindowForm,
  parseLocalInput,
  serverOptions,
  toLocalInput,
  maintenanceWindowSpan,
  maintenanceWindowTotals,
} from '../../../../../renderer/store/selectors/maintenance-windows';
import { check, service } from './fixtures';

const services = [
  service('10.200.0.9', 104, [check('dicom.any-calling-ae', 'fail', 'high')], { product: { name: 'Orthanc', version: '1.10.1' }, calledAe: 'PACS' }),
  service('10.200.0.10', 104, [check('dicom.query-open', 'fail', 'critical')]),
  service('10.200.0.2', 104, [check('dicom.any-calling-ae', 'pass', 'high')]),
  service('10.200.0.3', 11112, [], { state: 'closed' }),
];

describe('datetime-local values', () => {
  it('round-trip in local time to the minute', () => {
    const d = new Date(2025, 2, 1, 22, 5, 0);
    expect(toLocalInput(d)).toBe('2025-03-01T22:05');
    expect(parseLocalInput('2025-03-01T22:05')?.getTime()).toBe(d.getTime());
  });

  it('refuse what is not a date and time', () => {
    expect(parseLocalInput('')).toBeNull();
    expect(parseLocalInput('tomorrow')).toBeNull();
    expect(parseLocalInput('2025-03-01')).toBeNull();
    expect(parseLocalInput('2025-13-45T99:99')).toBeNull();
  });

  it('a fresh form starts this minute and lasts two hours', () => {
    const f = defaultMaintenanceWindowForm(new Date(2025, 2, 1, 22, 5, 42));
    expect(f).toEqual({ name: '', start: '2025-03-01T22:05', end: '2025-03-02T00:05', servers: [] });
  });
});

describe('serverOptions', () => {
  it('lists open services only, riskiest first, with product and AE title', () => {
    const o = serverOptions(services);
    expect(o.map((x) => x.key)).toEqual(['10.200.0.10:104', '10.200.0.9:104', '10.200.0.2:104']);
    expect(o[1]).toMatchObject({ detail: 'Orthanc 1.10.1, AE PACS', risk: 'high', failing: 1, server: { host: '10.200.0.9', port: 104 } });
    expect(o[0]?.detail).toBe('Unidentified');
  });
});

describe('buildMaintenanceWindowRequest', () => {
  const options = serverOptions(services);
  const form = { name: ' Night shift ', start: '2025-03-01T22:00', end: '2025-03-02T02:00', servers: ['10.200.0.9:104'] };

  it('turns the form into a request with UTC times and the chosen servers', () => {
    const r = buildMaintenanceWindowRequest(form, options);
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'Night shift',
        startsAt: new Date(2025, 2, 1, 22, 0).toISOString(),
        endsAt: new Date(2025, 2, 2, 2, 0).toISOString(),
        servers: [{ host: '10.200.0.9', port: 104 }],
      },
    });
  });

  it('names the first thing to correct', () => {
    expect(buildMaintenanceWindowRequest({ ...form, name: '  ' }, options)).toMatchObject({ ok: false, message: expect.stringContaining('name') as string });
    expect(buildMaintenanceWindowRequest({ ...form, start: '' }, options)).toMatchObject({ ok: false, message: expect.stringContaining('starts') as string });
    expect(buildMaintenanceWindowRequest({ ...form, end: '2025-03-01T21:00' }, options)).toMatchObject({ ok: false, message: 'The window must end after it starts.' });
    expect(buildMaintenanceWindowRequest({ ...form, end: form.start }, options)).toMatchObject({ ok: false });
    expect(buildMaintenanceWindowRequest({ ...form, servers: [] }, options)).toMatchObject({ ok: false, message: expect.stringContaining('at least one server') as string });
    // A key that is no longer in the scan on screen is not sent.
    expect(buildMaintenanceWindowRequest({ ...form, servers: ['10.200.9.9:104'] }, options)).toMatchObject({ ok: false });
  });
});

describe('countdown', () => {
  const w = { startsAt: '2025-03-01T22:00:00.000Z', endsAt: '2025-03-02T02:00:00.000Z' };
  const at = (iso: string): number => Date.parse(iso);

  it('counts down to the start, then to the end, then says ended', () => {
    expect(countdown(w, at('2025-03-01T21:47:55.000Z'))).toEqual({ phase: 'upcoming', remainingMs: 725_000, label: 'Starts in 12 min 05 s' });
    expect(countdown(w, at('2025-03-01T22:00:00.000Z'))).toMatchObject({ phase: 'open', label: '4 h 00 min left' });
    expect(countdown(w, at('2025-03-02T00:40:00.000Z'))).toMatchObject({ phase: 'open', remainingMs: 80 * 60_000, label: '1 h 20 min left' });
    expect(countdown(w, at('2025-03-02T02:00:00.000Z'))).toMatchObject({ phase: 'open', remainingMs: 0 });
    expect(countdown(w, at('2025-03-02T02:00:00.001Z'))).toEqual({ phase: 'ended', remainingMs: 0, label: 'Ended' });
  });
});

describe('maintenanceWindowSpan', () => {
  it('writes one day once, and says when the end is the next day', () => {
    const same = maintenanceWindowSpan({ startsAt: new Date(2025, 2, 1, 20, 0).toISOString(), endsAt: new Date(2025, 2, 1, 23, 30).toISOString() }, 'en-GB');
    expect(same).toBe('Sat, 1 Mar 2025, 20:00 – 23:30');
    const night = maintenanceWindowSpan({ startsAt: new Date(2025, 2, 1, 22, 0).toISOString(), endsAt: new Date(2025, 2, 2, 2, 0).toISOString() }, 'en-GB');
    expect(night).toBe('Sat, 1 Mar 2025, 22:00 – 02:00 (next day)');
    const long = maintenanceWindowSpan({ startsAt: new Date(2025, 2, 1, 22, 0).toISOString(), endsAt: new Date(2025, 2, 4, 2, 0).toISOString() }, 'en-GB');
    expect(long).toBe('Sat, 1 Mar 2025, 22:00 – Tue, 4 Mar 2025, 02:00');
  });
});

describe('maintenanceWindowTotals', () => {
  const p = (stepsDone: number, stepsTotal: number, extra: Partial<MaintenanceWindowServerProgress> = {}): MaintenanceWindowServerProgress => ({
    server: { host: '10.200.0.1', port: 104 },
    scanned: true,
    findings: 2,
    stepsDone,
    stepsTotal,
    attestationsDone: 1,
    attestationsTotal: 3,
    ...extra,
  });
  const counts = { fixed: 1, 'still-failing': 0, regressed: 0, 'still-passing': 2, inconclusive: 0 };

  it('adds steps and attestations over the servers and counts re-checks', () => {
    const t = maintenanceWindowTotals([
      p(2, 6, { verification: { id: 'a', at: '2025-03-01T23:00:00Z', counts, passed: true } }),
      p(1, 10, { verification: { id: 'b', at: '2025-03-01T23:10:00Z', counts, passed: false } }),
      p(0, 4),
    ]);
    expect(t).toEqual({ servers: 3, stepsDone: 3, stepsTotal: 20, attestationsDone: 3, attestationsTotal: 9, verified: 2, passed: 1, percent: 15 });
  });

  it('is 0 percent without steps', () => {
    expect(maintenanceWindowTotals([]).percent).toBe(0);
    expect(maintenanceWindowTotals([p(0, 0, { scanned: false })]).percent).toBe(0);
  });
});
