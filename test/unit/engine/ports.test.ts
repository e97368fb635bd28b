import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, checkPorts, parsePorts } from '../../../electron/engine/ports';
import { ScopeError } from '../../../electron/engine/scope';

describe('parsePorts', () => {
  it('lists and ranges, deduplicated in the order given', () => {
    expect(parsePorts('104')).toEqual([104]);
    expect(parsePorts('104,11112, 4242')).toEqual([104, 11112, 4242]);
    expect(parsePorts('8000-8003,104,8001')).toEqual([8000, 8001, 8002, 8003, 104]);
    expect(parsePorts('1-1024')).toHaveLength(1024);
    expect(parsePorts('65535')).toEqual([65535]);
    expect(parsePorts('5 - 6')).toEqual([5, 6]);
    expect(parsePorts('1-65535')).toHaveLength(65535);
  });

  it('default list is what the CLI spec says', () => {
    expect(DEFAULT_PORTS).toEqual([104, 11112, 4242, 2761, 2762, 80, 443, 8042, 8080, 8443]);
    expect(parsePorts(DEFAULT_PORTS.join(','))).toEqual(DEFAULT_PORTS);
  });

  it.each([
    ['', /empty port list/],
    ['0', /"0".*outside 1-65535/],
    ['65536', /"65536"/],
    ['104,', /empty entry/],
    [',104', /empty entry/],
    ['104,,105', /empty entry/],
    ['abc', /"abc"/],
    ['10-5', /"10-5".*ends before/],
    ['1-2-3', /"1-2-3"/],
    ['-5', /"-5"/],
    ['80.5', /"80.5"/],
    ['999999', /"999999"/],
    ['104;11112', /"104;11112"/],
  ])('refuses %j', (list, re) => {
    let err: unknown;
    try {
      parsePorts(list);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScopeError);
    expect((err as Error).message).toMatch(re);
  });
});

describe('checkPorts', () => {
  it('accepts whole numbers 1-65535, dedups', () => {
    expect(checkPorts([104, 104, 80])).toEqual([104, 80]);
  });
  it.each([[[]], [[0]], [[1.5]], [[70000]], [[Number.NaN]]])('refuses %j', (ports) => {
    expect(() => checkPorts(ports)).toThrow(ScopeError);
  });
});
