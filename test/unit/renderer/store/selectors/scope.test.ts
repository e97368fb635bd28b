import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PORTS,
  EMPTY_FORM,
  buildScanRequest,
  formFromRequest,
  isAeTitle,
  parseCalledAeLine,
  parseCalledAes,
  parsePorts,
  splitTargets,
} from '../../../../../renderer/store/selectors/scope';

describe('the scope form', () => {
  it('splits targets on lines, commas and spaces', () => {
    expect(splitTargets('10.200.0.0/24\n pacs.local, 10.200.1.1-10.200.1.9 ;\n\n')).toEqual(['10.200.0.0/24', 'pacs.local', '10.200.1.1-10.200.1.9']);
  });

  it('reads ports, and an empty field means the defaults', () => {
    expect(parsePorts('104, 11112 4242,104')).toEqual({ ok: true, value: [104, 11112, 4242] });
    expect(parsePorts('  ')).toEqual({ ok: true, value: null });
    expect(parsePorts(EMPTY_FORM.ports)).toEqual({ ok: true, value: [...DEFAULT_PORTS] });
    for (const bad of ['0', '65536', '10a', '-1', '1.5']) {
      const r = parsePorts(`104, ${bad}`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain(`"${bad}"`);
    }
  });

  it('reads AE@host:port lines, IPv6 in brackets', () => {
    expect(parseCalledAeLine('ORTHANC@127.0.0.1:4242')).toEqual({ ok: true, value: { aet: 'ORTHANC', host: '127.0.0.1', port: 4242 } });
    expect(parseCalledAeLine(' PACS@[::1]:104 ')).toEqual({ ok: true, value: { aet: 'PACS', host: '::1', port: 104 } });
    expect(parseCalledAeLine('MY AE@pacs.local:11112')).toEqual({ ok: true, value: { aet: 'MY AE', host: 'pacs.local', port: 11112 } });
    expect(parseCalledAeLine('PACS@10.200.0.1').ok).toBe(false);
    expect(parseCalledAeLine('PACS@10.200.0.1:99999').ok).toBe(false);
    expect(parseCalledAeLine('WAY_TOO_LONG_AE_TITLE@10.200.0.1:104').ok).toBe(false);
    expect(parseCalledAes('A@h:1\n\nB@h:2\n').ok).toBe(true);
    const bad = parseCalledAes('A@h:1\nnonsense');
    expect(bad.ok ? '' : bad.message).toContain('nonsense');
  });

  it('knows AE titles', () => {
    expect(isAeTitle('STORESCP')).toBe(true);
    expect(isAeTitle('')).toBe(false);
    expect(isAeTitle('    ')).toBe(false);
    expect(isAeTitle('BACK\\SLASH')).toBe(false);
    expect(isAeTitle('X'.repeat(17))).toBe(false);
  });

  it('builds the scan request, or names the first thing to correct', () => {
    const form = { ...EMPTY_FORM, targets: '127.0.0.1', ports: '104', calledAes: 'PACS@127.0.0.1:104', vantageLabel: ' Radiology VLAN ', untrusted: true };
    expect(buildScanRequest(form)).toEqual({
      ok: true,
      value: { targets: ['127.0.0.1'], ports: [104], calledAes: [{ aet: 'PACS', host: '127.0.0.1', port: 104 }], vantage: { label: 'Radiology VLAN', untrusted: true } },
    });
    const withExtras = buildScanRequest({ ...form, callingAe: 'MYSCU', inventoryCsv: 'ae_title,host,port,role,description\n' });
    expect(withExtras.ok && withExtras.value).toMatchObject({ callingAe: 'MYSCU', inventoryCsv: expect.any(String) as unknown });
    // The page never claims authority over public addresses: the main process asks the person.
    expect(withExtras.ok && 'allowPublic' in withExtras.value).toBe(false);
    expect(buildScanRequest({ ...form, targets: ' \n ' }).ok).toBe(false);
    expect(buildScanRequest({ ...form, ports: 'http' }).ok).toBe(false);
    expect(buildScanRequest({ ...form, callingAe: 'A\\B' }).ok).toBe(false);
    const unnamed = buildScanRequest({ ...form, vantageLabel: '' });
    expect(unnamed.ok && unnamed.value.vantage.label).toBe('this workstation');
  });

  it('fills the form from a suggested request and round-trips it', () => {
    const suggested = {
      targets: ['127.0.0.1'],
      ports: [4242, 11112],
      calledAes: [{ aet: 'ORTHANC', host: '127.0.0.1', port: 4242 }, { aet: 'V6', host: '::1', port: 104 }],
      vantage: { label: 'Practice lab', untrusted: false },
    };
    const form = formFromRequest(suggested, EMPTY_FORM);
    expect(form.calledAes).toBe('ORTHANC@127.0.0.1:4242\nV6@[::1]:104');
    expect(buildScanRequest(form)).toEqual({ ok: true, value: suggested });
  });
});

describe('the scope form: port ranges and the choice of checks (issues 16, 17)', () => {
  it('reads ranges and mixed lists as the CLI does, with its limits', () => {
    expect(parsePorts('5000-5003')).toEqual({ ok: true, value: [5000, 5001, 5002, 5003] });
    expect(parsePorts('104, 8000 - 8002; 11112 8001')).toEqual({ ok: true, value: [104, 8000, 8001, 8002, 11112] });
    const all = parsePorts('1-65535');
    expect(all.ok && all.value?.length).toBe(65535);
    for (const [bad, words] of [['9000-8000', 'ends before it starts'], ['5000-70000', 'outside 1-65535'], ['5000-', 'is not a port number'], ['0-10', 'outside 1-65535']] as const) {
      const r = parsePorts(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toContain(words);
    }
  });

  it('sends the discovery profile, a check list instead when one is given, nothing for the full catalog', () => {
    const form = { ...EMPTY_FORM, targets: '127.0.0.1' };
    const full = buildScanRequest(form);
    expect(full.ok && 'profile' in full.value).toBe(false);
    expect(full.ok && 'checks' in full.value).toBe(false);
    const discovery = buildScanRequest({ ...form, profile: 'discovery' });
    expect(discovery.ok && discovery.value.profile).toBe('discovery');
    const list = buildScanRequest({ ...form, profile: 'discovery', checks: 'dicom.detected, tls.*' });
    expect(list.ok && list.value.checks).toEqual(['dicom.detected', 'tls.*']);
    expect(list.ok && 'profile' in list.value).toBe(false);
    const bad = buildScanRequest({ ...form, checks: 'dicom.nope' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toBe('Checks: unknown check "dicom.nope" (see docs/checks.md; a prefix ends in *, like dicom.*).');
  });
});
