/**
 * The benchmark's pure parts: reading nmap's XML (listed and summarised ports,
 * dicom-ping's words) and scoring agreement and AE-policy answers against the truth.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns, type TruthService } from '../../bench/compare';
import { classifyDicomPing, expandPortList, parseNmapXml, unescapeXml } from '../../bench/nmap-xml';
import type { ScanReport, ServiceResult } from '../../shared/types';

const XML = `<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -Pn -n -sT --script +dicom-ping -p 104,11112,4242,2762 -oX - 10.200.0.1-2">
<host><status state="up" reason="user-set"/><address addr="10.200.0.1" addrtype="ipv4"/><ports>
<extraports state="filtered" count="2"><extrareasons reason="no-response" count="2" proto="tcp" ports="2762,4242"/></extraports>
<port protocol="tcp" portid="104"><state state="open" reason="syn-ack"/><script id="dicom-ping" output="&#xa;  dicom: DICOM Service Provider discovered!&#xa;  config: Any AET is accepted (Insecure)"><elem key="dicom">x</elem></script></port>
<port protocol="tcp" portid="11112"><state state="open" reason="syn-ack"/><script id="dicom-ping" output="&#xa;  dicom: DICOM Service Provider discovered!&#xa;  config: Called AET check enabled"></script></port>
</ports></host>
<host><status state="up" reason="user-set"/><address addr="10.200.0.2" addrtype="ipv4"/><ports>
<extraports state="closed" count="4"><extrareasons reason="conn-refused" count="4"/></extraports>
</ports></host>
<runstats><finished time="1" elapsed="3.21" exit="success"/></runstats></nmaprun>`;

const PORTS = [104, 11112, 4242, 2762];

describe('nmap XML', () => {
  it('reads listed ports, dicom-ping verdicts, and expands summarised ports (with and without a list)', () => {
    const run = parseNmapXml(XML, PORTS);
    expect(run.elapsedS).toBe(3.21);
    const a = run.hosts.get('10.200.0.1')!;
    expect(a.ports.get(104)).toMatchObject({ state: 'open', dicomPing: 'any-ae' });
    expect(a.ports.get(11112)).toMatchObject({ state: 'open', dicomPing: 'rejected' });
    expect(a.ports.get(4242)).toMatchObject({ state: 'filtered', reason: 'no-response', dicomPing: 'none' });
    expect(a.ports.get(2762)?.state).toBe('filtered');
    const b = run.hosts.get('10.200.0.2')!;
    expect([...b.ports.values()].map((p) => `${p.port}:${p.state}`).sort()).toEqual(['104:closed', '11112:closed', '2762:closed', '4242:closed']);
  });

  it('decodes entities, port lists and dicom-ping words', () => {
    expect(unescapeXml('a&#xa;b&amp;c&#65;&quot;')).toBe('a\nb&cA"');
    expect(expandPortList('1-3,8080, x ,5')).toEqual([1, 2, 3, 8080, 5]);
    expect(classifyDicomPing(undefined)).toBe('none');
    expect(classifyDicomPing('Bug in dicom-ping: no string output.')).toBe('none');
  });
});

function svc(host: string, port: number, state: ServiceResult['state'], extra: Partial<ServiceResult> = {}): ServiceResult {
  return { host, port, state, checks: [], ...extra };
}

function check(id: 'dicom.any-calling-ae' | 'dicom.any-called-ae', status: 'fail' | 'pass' | 'inconclusive', reject?: string): ServiceResult['checks'][number] {
  return { id, status, severity: 'high', summary: '', evidence: reject ? { reject: { text: reject } } : {}, attack: [] };
}

describe('compareRuns', () => {
  const truth: TruthService[] = [
    { host: '10.200.0.1', port: 104, label: 'open', dicom: true, calling: 'accepts', called: 'accepts' },
    { host: '10.200.0.1', port: 11112, label: 'calling only', dicom: true, calling: 'refuses', called: 'refuses' },
  ];
  const report = (over: Partial<Record<string, ServiceResult>> = {}): ScanReport => ({
    tool: { name: 'collimator', version: '0' },
    scan: { id: 'x', startedAt: '', finishedAt: '', vantage: { label: '', untrusted: false }, targets: [], ports: PORTS },
    services: [
      over['104'] ?? svc('10.200.0.1', 104, 'open', { protocol: 'dicom', checks: [check('dicom.any-calling-ae', 'fail'), check('dicom.any-called-ae', 'fail')] }),
      svc('10.200.0.1', 11112, 'open', { protocol: 'dicom', checks: [check('dicom.any-calling-ae', 'pass', 'calling AE title not recognized (1/1/3)'), check('dicom.any-called-ae', 'pass')] }),
      svc('10.200.0.1', 4242, 'filtered'),
      svc('10.200.0.1', 2762, 'filtered'),
      ...PORTS.map((p) => svc('10.200.0.2', p, 'closed')),
    ],
    summary: { services: 2, fail: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } },
  });

  it('agrees on every state and DICOM port; scores AE answers against the truth', () => {
    const a = compareRuns(['10.200.0.1', '10.200.0.2'], PORTS, parseNmapXml(XML, PORTS), report(), truth);
    expect(a.compared).toBe(8);
    expect(a.stateDisagreements).toEqual([]);
    expect(a.missing).toEqual([]);
    expect(a.dicom).toMatchObject({ nmap: 2, collimator: 2, disagree: [] });
    // nmap: open -> both right; RJ -> called right, calling unknown. Collimator: all four right.
    expect(a.ae.nmap).toEqual({ questions: 4, right: 3, wrong: 0, unknown: 1 });
    expect(a.ae.collimator).toEqual({ questions: 4, right: 4, wrong: 0, unknown: 0 });
    expect(a.extras.rejectReasons).toEqual([{ host: '10.200.0.1', port: 11112, text: 'calling AE title not recognized (1/1/3)' }]);
  });

  it('reports a state disagreement, a DICOM disagreement and a missing pair', () => {
    const r = report({ '104': svc('10.200.0.1', 104, 'closed') });
    r.services = r.services.filter((s) => !(s.host === '10.200.0.2' && s.port === 2762));
    const a = compareRuns(['10.200.0.1', '10.200.0.2'], PORTS, parseNmapXml(XML, PORTS), r, truth);
    expect(a.stateDisagreements).toEqual([{ host: '10.200.0.1', port: 104, nmap: 'open', collimator: 'closed' }]);
    expect(a.dicom.disagree).toHaveLength(1);
    expect(a.missing).toEqual([{ host: '10.200.0.2', port: 2762, from: 'collimator' }]);
    expect(a.ae.collimator.unknown).toBe(2);
  });
});
