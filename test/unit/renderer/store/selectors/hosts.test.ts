import { describe, expect, it } from 'vitest';
import { compareHosts, ipv4Number, ipv6Key, serviceKey } from '../../../../../renderer/store/selectors/hosts';

describe('host ordering', () => {
  it('orders IPv4 numerically, not as text', () => {
    const hosts = ['10.200.0.10', '10.200.0.9', '9.255.255.255', '10.200.1.1'];
    expect([...hosts].sort(compareHosts)).toEqual(['9.255.255.255', '10.200.0.9', '10.200.0.10', '10.200.1.1']);
  });

  it('puts IPv4 before IPv6 before names', () => {
    const hosts = ['pacs.example.org', '::1', '127.0.0.1', 'ct-scanner', '2001:db8::2'];
    expect([...hosts].sort(compareHosts)).toEqual(['127.0.0.1', '::1', '2001:db8::2', 'ct-scanner', 'pacs.example.org']);
  });

  it('rejects what is not an address', () => {
    expect(ipv4Number('300.1.1.1')).toBeNull();
    expect(ipv4Number('10.0.0')).toBeNull();
    expect(ipv4Number('10.200.0.1')).toBe(180879361);
    expect(ipv6Key('1::2::3')).toBeNull();
    expect(ipv6Key('fe80::1')).toBe('fe80:0000:0000:0000:0000:0000:0000:0001');
  });

  it('brackets IPv6 in service keys', () => {
    expect(serviceKey({ host: '::1', port: 104 })).toBe('[::1]:104');
    expect(serviceKey({ host: '10.200.0.1', port: 104 })).toBe('10.200.0.1:104');
  });
});
