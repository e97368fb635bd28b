/**
 * Issue 17: a maintenance window can be edited, extended and closed, each change written
 * to its history (append-only), over a real in-memory store through the service.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RemediationError } from '../../../electron/remediation/errors';
import { createRemediationService, type RemediationService } from '../../../electron/remediation/service';
import { openStore, type Store } from '../../../electron/store';

let clock = new Date('2025-03-01T10:00:00.000Z');
let store: Store;
let svc: RemediationService;

afterEach(() => store.close());
function fresh(): void {
  clock = new Date('2025-03-01T10:00:00.000Z');
  store = openStore(':memory:');
  svc = createRemediationService(store, { now: () => clock });
}

function expectError(fn: () => unknown, code: RemediationError['code'], re: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(RemediationError);
  expect((thrown as RemediationError).code).toBe(code);
  expect((thrown as Error).message).toMatch(re);
}

const server = { host: '127.0.0.1', port: 11112 };
const create = (startsAt: string, endsAt: string) => svc.maintenanceWindowCreate({ name: 'Saturday', startsAt, endsAt, servers: [server] });

describe('maintenance window changes', () => {
  it('edits name, times and servers; the history keeps who, when, before and after', () => {
    fresh();
    const w = create('2025-03-01T12:00:00Z', '2025-03-01T13:00:00Z');
    expect(svc.maintenanceWindowGet({ id: w.id }).history).toEqual([]);
    clock = new Date('2025-03-01T10:05:00.000Z');
    const after = svc.maintenanceWindowUpdate({ id: w.id, by: 'Ada', name: ' Saturday PACS ', startsAt: '2025-03-01T12:30:00+00:00', reason: 'vendor late' });
    expect(after.window).toMatchObject({ name: 'Saturday PACS', startsAt: '2025-03-01T12:30:00.000Z', endsAt: '2025-03-01T13:00:00.000Z', servers: [server] });
    expect(after.history).toEqual([
      {
        seq: 1, at: '2025-03-01T10:05:00.000Z', action: 'edited', by: 'Ada', reason: 'vendor late',
        before: { name: 'Saturday', startsAt: '2025-03-01T12:00:00.000Z', endsAt: '2025-03-01T13:00:00.000Z' },
        after: { name: 'Saturday PACS', startsAt: '2025-03-01T12:30:00.000Z', endsAt: '2025-03-01T13:00:00.000Z' },
      },
    ]);
    const moved = svc.maintenanceWindowUpdate({ id: w.id, by: 'Ada', servers: [server, { host: '127.0.0.2', port: 104 }] });
    expect(moved.window.servers).toEqual([server, { host: '127.0.0.2', port: 104 }]);
    expect(moved.history?.[1]).toMatchObject({ action: 'edited', before: { servers: ['127.0.0.1:11112'] }, after: { servers: ['127.0.0.1:11112', '127.0.0.2:104'] } });
    // The list and a fresh read agree with what was stored.
    expect(svc.maintenanceWindowList()[0]).toMatchObject({ name: 'Saturday PACS', startsAt: '2025-03-01T12:30:00.000Z' });
  });

  it('refuses an edit that changes nothing or ends before it starts, and stores nothing then', () => {
    fresh();
    const w = create('2025-03-01T12:00:00Z', '2025-03-01T13:00:00Z');
    expectError(() => svc.maintenanceWindowUpdate({ id: w.id, by: 'Ada', name: 'Saturday' }), 'invalid-argument', /nothing to change/);
    expectError(() => svc.maintenanceWindowUpdate({ id: w.id, by: 'Ada', endsAt: '2025-03-01T11:00:00Z' }), 'invalid-argument', /end after it starts/);
    expectError(() => svc.maintenanceWindowUpdate({ id: 'nope', by: 'Ada', name: 'x' }), 'not-found', /no maintenance window nope/);
    expect(svc.maintenanceWindowGet({ id: w.id }).history).toEqual([]);
    expect(svc.maintenanceWindowGet({ id: w.id }).window.endsAt).toBe('2025-03-01T13:00:00.000Z');
  });

  it('extends the end; an ended window reopens', () => {
    fresh();
    const w = create('2025-03-01T08:00:00Z', '2025-03-01T09:30:00Z');
    expect(svc.maintenanceWindowGet({ id: w.id }).phase).toBe('ended');
    const p = svc.maintenanceWindowExtend({ id: w.id, by: 'Ada', minutes: 45 });
    expect(p.window.endsAt).toBe('2025-03-01T10:15:00.000Z');
    expect(p.phase).toBe('open');
    expect(p.remainingMs).toBe(15 * 60_000);
    expect(p.history).toEqual([
      {
        seq: 1, at: '2025-03-01T10:00:00.000Z', action: 'extended', by: 'Ada', minutes: 45,
        before: { name: 'Saturday', startsAt: '2025-03-01T08:00:00.000Z', endsAt: '2025-03-01T09:30:00.000Z' },
        after: { name: 'Saturday', startsAt: '2025-03-01T08:00:00.000Z', endsAt: '2025-03-01T10:15:00.000Z' },
      },
    ]);
  });

  it('closes an open window now; a closed window cannot be changed again', () => {
    fresh();
    const w = create('2025-03-01T09:00:00Z', '2025-03-01T12:00:00Z');
    clock = new Date('2025-03-01T10:20:00.000Z');
    const p = svc.maintenanceWindowClose({ id: w.id, by: 'Ada', reason: 'done early' });
    expect(p.window).toMatchObject({ endsAt: '2025-03-01T10:20:00.000Z', closedAt: '2025-03-01T10:20:00.000Z' });
    expect(p.phase).toBe('ended');
    expect(p.history?.map((e) => [e.action, e.by, e.reason, e.before?.endsAt, e.after?.endsAt])).toEqual([['closed', 'Ada', 'done early', '2025-03-01T12:00:00.000Z', '2025-03-01T10:20:00.000Z']]);
    expect(svc.maintenanceWindowList()[0]).toMatchObject({ phase: 'ended', closedAt: '2025-03-01T10:20:00.000Z' });
    expectError(() => svc.maintenanceWindowClose({ id: w.id, by: 'Ada' }), 'invalid-argument', /was closed at/);
    expectError(() => svc.maintenanceWindowExtend({ id: w.id, by: 'Ada', minutes: 10 }), 'invalid-argument', /was closed at/);
    expectError(() => svc.maintenanceWindowUpdate({ id: w.id, by: 'Ada', name: 'again' }), 'invalid-argument', /was closed at/);
    expect(svc.maintenanceWindowGet({ id: w.id }).history).toHaveLength(1);
  });

  it('closes an upcoming window without moving its times; an ended one has nothing to close', () => {
    fresh();
    const up = create('2025-03-01T12:00:00Z', '2025-03-01T13:00:00Z');
    const p = svc.maintenanceWindowClose({ id: up.id, by: 'Ada' });
    expect(p.window).toMatchObject({ startsAt: '2025-03-01T12:00:00.000Z', endsAt: '2025-03-01T13:00:00.000Z', closedAt: '2025-03-01T10:00:00.000Z' });
    expect(p.phase).toBe('ended');
    const past = create('2025-03-01T07:00:00Z', '2025-03-01T08:00:00Z');
    expectError(() => svc.maintenanceWindowClose({ id: past.id, by: 'Ada' }), 'invalid-argument', /already ended/);
  });

  it('keeps the history append-only in the database itself', () => {
    fresh();
    const w = create('2025-03-01T12:00:00Z', '2025-03-01T13:00:00Z');
    svc.maintenanceWindowExtend({ id: w.id, by: 'Ada', minutes: 5 });
    expect(() => store.db.prepare("UPDATE maintenance_window_events SET actor = 'Eve'").run()).toThrow(/cannot be rewritten/);
    expect(() => store.db.prepare('DELETE FROM maintenance_window_events').run()).toThrow(/cannot be rewritten/);
    expect(() => store.db.prepare("INSERT OR REPLACE INTO maintenance_window_events (seq, window_id, at, action, actor) VALUES (1, ?, 'x', 'closed', 'Eve')").run(w.id)).toThrow(/cannot be rewritten/);
    expect(() => store.db.prepare("INSERT INTO maintenance_window_events (window_id, at, action, actor) VALUES (?, 'x', 'deleted', 'Eve')").run(w.id)).toThrow(/CHECK constraint/);
    expect(svc.maintenanceWindowGet({ id: w.id }).history?.map((e) => e.by)).toEqual(['Ada']);
  });
});
