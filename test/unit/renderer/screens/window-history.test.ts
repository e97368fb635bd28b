/** A maintenance window's history in words. */
import { describe, expect, it } from 'vitest';
import { describeWindowEvent, formatMinutes } from '../../../../renderer/screens/maintenance-windows/history';

const v = (name: string, startsAt: string, endsAt: string, servers?: string[]) => ({ name, startsAt, endsAt, ...(servers ? { servers } : {}) });

describe('describeWindowEvent', () => {
  it('says what changed: minutes added, times, name, servers; a close with the new end', () => {
    const before = v('Sat', '2025-03-01T08:00:00.000Z', '2025-03-01T09:30:00.000Z');
    const later = v('Sat', '2025-03-01T08:00:00.000Z', '2025-03-01T10:15:00.000Z');
    const ext = describeWindowEvent({ seq: 1, at: '', action: 'extended', by: 'Ada', minutes: 45, before, after: later }, 'en-GB');
    expect(ext).toMatch(/^Extended by 45 min: .* → .*$/);
    expect(describeWindowEvent({ seq: 2, at: '', action: 'edited', by: 'Ada', before, after: { ...before, name: 'Sun' } })).toBe('Edited: name “Sat” → “Sun”');
    expect(describeWindowEvent({ seq: 3, at: '', action: 'edited', by: 'Ada', before: { ...before, servers: ['a:1', 'b:2'] }, after: { ...before, servers: ['b:2', 'c:3'] } })).toBe(
      'Edited: added c:3; removed a:1',
    );
    expect(describeWindowEvent({ seq: 4, at: '', action: 'closed', by: 'Ada', before, after: before })).toBe('Closed');
    expect(describeWindowEvent({ seq: 5, at: '', action: 'closed', by: 'Ada', before, after: later })).toMatch(/^Closed: /);
  });

  it('writes minutes as people read them', () => {
    expect([15, 60, 90, 120].map(formatMinutes)).toEqual(['15 min', '1 h', '1 h 30 min', '2 h']);
  });
});
