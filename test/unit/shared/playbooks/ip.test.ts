import { describe, expect, it } from 'vitest';
import { canonicalIp, complementRanges, formatRange, parseIp } from '../../../../shared/playbooks/ip';

describe('IP literals for snippets', () => {
  it('accepts canonical and non-canonical literals, writes them canonically', () => {
    expect(canonicalIp('10.200.1.2')).toBe('10.200.1.2');
    expect(canonicalIp('[::1]')).toBe('::1');
    expect(canonicalIp('FD00:0:0:0:0:0:0:7')).toBe('fd00::7');
    expect(canonicalIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    // IPv4-mapped is written with its IPv4 tail (RFC 5952 section 5), as the scope parser writes it.
    expect(canonicalIp('::ffff:10.200.0.1')).toBe('::ffff:10.200.0.1');
    expect(canonicalIp('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
  });

  it('refuses everything else (nothing but digits, dots, hex and colons can pass)', () => {
    for (const bad of ['', '10.200.0', '10.200.0.256', '010.200.0.1', '10.200.0.1 ', '10.200.0.1;reboot', '1::2::3', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', 'pacs.local', '$(id)', '::g', '1:2:3:4:5:6:7::8:9']) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });

  it('complement ranges cover every address but the excluded ones', () => {
    const v = (s: string): bigint => parseIp(s)!.value;
    const r = complementRanges(4, [v('10.200.0.5'), v('10.200.0.6'), v('0.0.0.0'), v('10.200.0.5')]);
    expect(r.map(formatRange)).toEqual(['0.0.0.1-10.200.0.4', '10.200.0.7-255.255.255.255']);
    expect(complementRanges(4, []).map(formatRange)).toEqual(['0.0.0.0-255.255.255.255']);
    expect(complementRanges(4, [v('255.255.255.255')]).map(formatRange)).toEqual(['0.0.0.0-255.255.255.254']);
    expect(complementRanges(6, [v('fd00::7')]).map(formatRange)).toEqual(['::-fd00::6', 'fd00::8-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
    expect(complementRanges(4, [v('10.200.0.1'), v('10.200.0.3')]).map(formatRange)).toEqual(['0.0.0.0-10.200.0.0', '10.200.0.2', '10.200.0.4-255.255.255.255']);
  });
});
