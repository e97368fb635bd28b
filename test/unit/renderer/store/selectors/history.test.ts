import { describe, expect, it } from 'vitest';
import { findingsToFix, portsText } from '../../../../../renderer/store/selectors/history';

describe('history selectors', () => {
  it('writes ports sorted, once each, runs of three or more as a range', () => {
    expect(portsText([104, 11112, 4242, 2761, 2762, 80, 443, 8042, 8080, 8443])).toBe('80, 104, 443, 2761, 2762, 4242, 8042, 8080, 8443, 11112');
    expect(portsText([5002, 5000, 5001, 5001, 7000, 7001, 9000, 9001, 9002, 9003])).toBe('5000-5002, 7000, 7001, 9000-9003');
    expect(portsText([])).toBe('');
    expect(portsText([65535])).toBe('65535');
  });
  it('counts the findings to fix, never the informational ones', () => {
    expect(findingsToFix({ fail: { critical: 1, high: 2, medium: 3, low: 4, info: 7 } })).toBe(10);
    expect(findingsToFix({ fail: { critical: 0, high: 0, medium: 0, low: 0, info: 5 } })).toBe(0);
  });
});
