/**
 * Playbook rendering: every check has a playbook, every snippet has a rollback, the
 * server's real values are filled in, and hostile inventory values (quotes, command
 * substitutions, newlines) never reach a snippet.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG, CHECK_IDS, type CheckId } from '../../../../shared/catalog';
import { orthancAccessConfig, rightsForRole } from '../../../../shared/playbooks/access';
import { buildContext, checklistProgress, PLAYBOOKS, PlaybookValueError, renderChecklist, renderPlaybook, type RenderedChecklist, type Snippet } from '../../../../shared/playbooks/index';
import type { CheckResult, InventoryNode, ServiceResult } from '../../../../shared/types';

function check(id: CheckId, status: CheckResult['status'] = 'fail'): CheckResult {
  return { id, status, severity: CATALOG[id].severity, summary: `${id} seen`, evidence: {}, attack: [...CATALOG[id].attack] };
}

function service(partial: Partial<ServiceResult> = {}): ServiceResult {
  return {
    host: '10.200.3.2',
    port: 11112,
    state: 'open',
    protocol: 'dicom',
    product: { name: 'DCMTK', version: '3.6.7' },
    checks: CHECK_IDS.map((id) => check(id)),
    ...partial,
  };
}

const INVENTORY: InventoryNode[] = [
  { aeTitle: 'MAINPACS', host: '10.200.3.2', port: 11112, role: 'PACS', description: 'this server' },
  { aeTitle: 'CT_ROOM1', host: '10.200.3.21', port: 104, role: 'CT modality', description: 'CT room 1' },
  { aeTitle: 'READ-WS2', host: 'fd00:200::22', port: 11112, role: 'reading workstation', description: '' },
  { aeTitle: 'ROUTER', host: 'router.imaging.example', port: 104, role: 'DICOM router', description: 'named host' },
];

function snippets(c: RenderedChecklist): Snippet[] {
  return c.playbooks.flatMap((p) => [...p.steps, ...p.variants.flatMap((v) => v.steps)]).flatMap((s) => (s.snippet ? [s.snippet] : []));
}

const CONTEXTS: Array<{ name: string; svc: ServiceResult; inv: InventoryNode[] }> = [
  { name: 'DICOM with peers', svc: service(), inv: INVENTORY },
  { name: 'DICOM, empty inventory', svc: service({ product: { name: 'Orthanc' } }), inv: [] },
  { name: 'HTTPS on IPv6', svc: service({ host: 'fd00:200::2', port: 443, protocol: 'https', product: { name: 'Orthanc', version: '1.10.1' } }), inv: INVENTORY },
  { name: 'unknown product', svc: service({ product: undefined, calledAe: 'PACS1', calledAeSource: 'user' }), inv: INVENTORY.slice(1) },
];

describe('the playbook registry', () => {
  it('has one playbook per check id, for every family', () => {
    expect(Object.keys(PLAYBOOKS).sort()).toEqual([...CHECK_IDS].sort());
    for (const id of CHECK_IDS) {
      const pb = PLAYBOOKS[id];
      expect(pb.checkId).toBe(id);
      expect(pb.why.length, id).toBeGreaterThan(40);
      expect(pb.confirm.length, id).toBeGreaterThan(10);
      expect(pb.steps.length + pb.variants.length, id).toBeGreaterThan(0);
      const keys = [...pb.steps.map((s) => s.key), ...pb.variants.flatMap((v) => v.steps.map((s) => `${v.id}/${s.key}`))];
      expect(new Set(keys).size, `${id} step keys are unique`).toBe(keys.length);
      const variantIds = pb.variants.map((v) => v.id);
      expect(new Set(variantIds).size, `${id} variant ids are unique`).toBe(variantIds.length);
    }
  });

  it('covers the vendors and the network where the fix differs', () => {
    for (const id of ['dicom.any-calling-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open'] as CheckId[]) {
      expect(PLAYBOOKS[id].variants.map((v) => v.id)).toEqual(['orthanc', 'dcmqrscp', 'dcm4chee', 'generic', 'linux-nftables', 'windows-firewall', 'macos-pf', 'network-acl']);
    }
    expect(PLAYBOOKS['exposure.untrusted-reach'].variants.map((v) => v.id)).toEqual(['linux-nftables', 'windows-firewall', 'macos-pf', 'network-acl']);
  });

  it('keeps persisted step ids stable (a rename would orphan saved checklists)', () => {
    const c = renderChecklist({ service: service(), inventory: INVENTORY, vantage: { label: 'guest', untrusted: true } });
    // A shared action has its own id; the per-finding ids it had before stay as its aliases.
    expect(c.stepIds).toContain('action/dicom-access/orthanc/config');
    expect(c.stepIds).toContain('action/firewall/linux-nftables');
    expect(c.stepIds).toContain('dicom.plaintext/cert');
    const aliases = c.playbooks.flatMap((p) => [...p.steps, ...p.variants.flatMap((v) => v.steps)]).flatMap((s) => s.aliases ?? []);
    expect(aliases).toContain('dicom.any-calling-ae/orthanc/config');
    expect(aliases).toContain('exposure.untrusted-reach/linux-nftables/rules');
    expect(new Set(c.stepIds).size).toBe(c.stepIds.length);
  });
});

describe('rendering', () => {
  for (const { name, svc, inv } of CONTEXTS) {
    it(`${name}: every snippet has a rollback and no placeholder braces are left`, () => {
      const c = renderChecklist({ service: svc, inventory: inv, vantage: { label: 'guest-wifi', untrusted: true }, checkIds: CHECK_IDS });
      expect(c.playbooks.map((p) => p.checkId)).toEqual([...CHECK_IDS]);
      const all = snippets(c);
      expect(all.length).toBeGreaterThan(20);
      for (const s of all) {
        expect(s.code.trim(), s.id).not.toBe('');
        expect(s.rollback.code.trim(), `${s.id} rollback`).not.toBe('');
        expect(s.rollback.title, s.id).toMatch(/\S/);
        expect(s.where, s.id).toMatch(/\S/);
      }
      for (const p of c.playbooks) {
        for (const text of [p.why, p.confirm, ...p.steps.map((s) => s.text), ...p.variants.flatMap((v) => v.steps.map((s) => s.text))]) {
          expect(text).not.toMatch(/\{(host|port|endpoint|ae|vantage|peers)\}/);
        }
        expect(p.attack.map((a) => a.id)).toEqual(CATALOG[p.checkId].attack);
      }
      expect(c.attestations.map((a) => a.id)).toEqual(['manual.mfa', 'manual.patch-level', 'manual.lockout']);
      expect(c.attackNotice).toMatch(/MITRE/);
    });
  }

  it('names the vantage as it was: "untrusted network" only when the scan was marked so', () => {
    const text = (untrusted: boolean): string => {
      const c = renderChecklist({ service: service(), inventory: INVENTORY, vantage: { label: 'admin-pc', untrusted }, checkIds: CHECK_IDS });
      return snippets(c).filter((s) => ['linux-nftables', 'windows-firewall', 'macos-pf', 'network-acl'].includes(s.id)).map((s) => s.code).join('\n');
    };
    const trusted = text(false);
    expect(trusted).toContain('the scan\'s vantage "admin-pc"');
    expect(trusted).not.toContain('untrusted network');
    expect(text(true)).toContain('the untrusted network "admin-pc"');
  });

  it('fills in the real values: host, port, AE title, peers, vantage', () => {
    const c = renderChecklist({ service: service(), inventory: INVENTORY, vantage: { label: 'Guest VLAN 30', untrusted: true } });
    expect(c.aeTitle).toBe('MAINPACS');
    expect(c.peers.map((p) => p.aeTitle)).toEqual(['CT_ROOM1', 'READ-WS2', 'ROUTER']);
    const reach = c.playbooks.find((p) => p.checkId === 'exposure.untrusted-reach')!;
    expect(reach.why).toContain('Guest VLAN 30');
    expect(reach.why).toContain('10.200.3.2:11112');
    const nft = reach.variants.find((v) => v.id === 'linux-nftables')!.steps[0]!.snippet!;
    expect(nft.code).toContain('tcp dport 11112 ip saddr { 10.200.3.21 } accept');
    expect(nft.code).toContain('tcp dport 11112 ip6 saddr { fd00:200::22 } accept');
    expect(nft.code).toContain('Guest VLAN 30');
    expect(nft.rollback.code).toContain('nft delete table inet collimator_tcp_11112');
    expect(nft.warnings.join(' ')).toContain('router.imaging.example');
    const win = reach.variants.find((v) => v.id === 'windows-firewall')!.steps[0]!.snippet!;
    expect(win.code).toContain("-RemoteAddress @('10.200.3.21', 'fd00:200::22') -Action Allow");
    expect(win.code).toContain("'0.0.0.0-10.200.3.20', '10.200.3.22-255.255.255.255'");
    expect(win.rollback.code).toContain("Remove-NetFirewallRule -Group 'Collimator TCP 11112'");
    const pf = reach.variants.find((v) => v.id === 'macos-pf')!.steps[0]!.snippet!;
    expect(pf.code).toContain('table <collimator_peers_11112> const { 10.200.3.21, fd00:200::22 }');
    expect(pf.rollback.code).toContain('pfctl -a collimator.tcp_11112 -F rules');
    const acl = reach.variants.find((v) => v.id === 'network-acl')!.steps[0]!.snippet!;
    expect(acl.code).toContain('permit  TCP  from 10.200.3.21  to 10.200.3.2  port 11112');

    const orthanc = c.playbooks.find((p) => p.checkId === 'dicom.any-calling-ae')!.variants.find((v) => v.id === 'orthanc')!;
    expect(orthanc.likely).toBe(true);
    const cfg = JSON.parse(orthanc.steps.find((s) => s.snippet?.id === 'orthanc-access')!.snippet!.code) as Record<string, unknown>;
    expect(cfg).toMatchObject({ DicomAet: 'MAINPACS', DicomCheckCalledAet: true, DicomAlwaysAllowEcho: false, DicomAlwaysAllowStore: false, DicomAlwaysAllowFind: false, DicomAlwaysAllowGet: false, DicomAlwaysAllowMove: false });
    expect(cfg.DicomCheckModalityHost).toBeUndefined(); // a peer is named by host name: the address check would refuse it
    expect(cfg.DicomModalities).toEqual({
      CT_ROOM1: { AET: 'CT_ROOM1', Host: '10.200.3.21', Port: 104, AllowEcho: true, AllowFind: false, AllowGet: false, AllowMove: false, AllowStore: true },
      'READ-WS2': { AET: 'READ-WS2', Host: 'fd00:200::22', Port: 11112, AllowEcho: true, AllowFind: true, AllowGet: true, AllowMove: true, AllowStore: false },
      ROUTER: { AET: 'ROUTER', Host: 'router.imaging.example', Port: 104, AllowEcho: true, AllowFind: true, AllowGet: true, AllowMove: true, AllowStore: true },
    });
    const dcm4chee = c.playbooks.find((p) => p.checkId === 'dicom.any-calling-ae')!.variants.find((v) => v.id === 'dcm4chee')!.steps[0]!.snippet!;
    expect(dcm4chee.code).toContain('dn: dicomAETitle=MAINPACS,dicomDeviceName=dcm4chee-arc');
    expect(dcm4chee.code).toContain('add: dcmAcceptedCallingAETitle\ndcmAcceptedCallingAETitle: CT_ROOM1');
    expect(dcm4chee.rollback.code).toContain('delete: dcmAcceptedCallingAETitle\ndcmAcceptedCallingAETitle: CT_ROOM1');
    const dcmqrscp = c.playbooks.find((p) => p.checkId === 'dicom.any-calling-ae')!.variants.find((v) => v.id === 'dcmqrscp')!.steps[0]!.snippet!;
    expect(dcmqrscp.code).toContain('collimator_peer1 = (CT_ROOM1, 10.200.3.21, 104)');
    expect(dcmqrscp.code).toContain('collimator_peers = collimator_peer1, collimator_peer2, collimator_peer3');
  });

  it('an empty inventory: the firewall blocks everyone (and says so loudly); nothing invented', () => {
    const ctx = buildContext({ service: service(), inventory: [], vantage: { label: 'x', untrusted: true } });
    const p = renderPlaybook('exposure.untrusted-reach', ctx);
    const nft = p.variants[0]!.steps[0]!.snippet!;
    expect(nft.code).not.toContain('saddr');
    expect(nft.code).toContain('tcp dport 11112 counter drop');
    expect(nft.warnings.join(' ')).toMatch(/blocks EVERY other host/);
    const win = p.variants[1]!.steps[0]!.snippet!;
    expect(win.code).not.toContain('-Action Allow');
    expect(win.code).toContain("-RemoteAddress @('Any') -Action Block");
    expect(ctx.warnings.join(' ')).toMatch(/AE title is not known/);
    expect(ctx.warnings.join(' ')).toMatch(/no peers/);
  });

  it('a guessed called AE title is never used as the server\'s own title', () => {
    expect(buildContext({ service: service({ calledAe: 'CLMRANDOM1', calledAeSource: 'guess' }), inventory: [], vantage: { label: 'v', untrusted: false } }).aeTitle).toBeUndefined();
    expect(buildContext({ service: service({ calledAe: 'PACS1', calledAeSource: 'user' }), inventory: [], vantage: { label: 'v', untrusted: false } }).aeTitle).toBe('PACS1');
  });
});

describe('validation and escaping', () => {
  const HOSTILE = ["X';reboot;'", 'A"B', '$(id)', '`id`', 'A\nB', 'A\\B', 'A B', 'ÄRZTE', 'A{B}', 'A;B', "A'B"];

  it('leaves out inventory rows whose values could break out of a snippet, and says which', () => {
    const inv: InventoryNode[] = [
      ...HOSTILE.map((ae, i) => ({ aeTitle: ae, host: `10.200.9.${i + 1}`, port: 104, role: 'modality', description: '' })),
      { aeTitle: 'OKAE', host: '10.200.9.99; rm -rf /', port: 104, role: 'modality', description: '' },
      { aeTitle: 'OKAE2', host: '$(curl evil)', port: 104, role: 'modality', description: '' },
      { aeTitle: 'OKAE3', host: '10.200.9.100', port: 70000, role: 'modality', description: '' },
      { aeTitle: 'GOOD', host: '10.200.9.200', port: 104, role: "CT'; DROP TABLE x; --", description: 'line1\nline2 "quoted" $(cmd) `cmd`' },
    ];
    const c = renderChecklist({ service: service(), inventory: inv, vantage: { label: 'guest"; $(reboot) `x`\nnext', untrusted: true }, checkIds: CHECK_IDS });
    expect(c.peers.map((p) => p.aeTitle)).toEqual(['GOOD']);
    expect(c.warnings.filter((w) => w.includes('left out'))).toHaveLength(HOSTILE.length + 3);
    expect(c.warnings.join('\n')).toContain('inventory node 1 left out');
    for (const s of snippets(c)) {
      for (const text of [s.code, s.rollback.code]) {
        expect(text, s.id).not.toMatch(/\$\((id|reboot|cmd|curl)|`(x|cmd|id)`|reboot;|DROP TABLE x; --|rm -rf \/|"quoted"/);
        expect(text, s.id).not.toContain('\nnext');
        expect(text, s.id).not.toMatch(/\nline2/);
      }
    }
    // The peer's role survives in comments only in its safe form.
    const acl = snippets(c).find((s) => s.id === 'network-acl')!;
    expect(acl.code).toContain('CT__ DROP TABLE x_ --: line1 line2 _quoted_ _(cmd) _cmd_');
    expect(acl.code).toContain('"guest__ _(reboot) _x_ next"');
  });

  it('refuses a server whose own host or port cannot be named safely', () => {
    for (const bad of [{ host: '10.200.0.1;reboot' }, { host: '$(id)' }, { host: '' }, { port: 0 }, { port: 65536 }, { port: 1.5 }]) {
      expect(() => renderChecklist({ service: service(bad), inventory: [], vantage: { label: 'v', untrusted: false } })).toThrow(PlaybookValueError);
    }
  });

  it('writes an AE title only when it is safe for every target format', () => {
    const c = buildContext({ service: service(), inventory: [{ aeTitle: 'MY PACS', host: '10.200.3.2', port: 11112, role: '', description: '' }], vantage: { label: 'v', untrusted: false } });
    expect(c.aeTitle).toBeUndefined();
    expect(c.warnings.join(' ')).toMatch(/"MY PACS" has characters/);
  });
});

describe('roles and progress', () => {
  it('maps roles to least-privilege rights, whole words only', () => {
    expect(rightsForRole('CT modality')).toEqual({ rights: { echo: true, find: false, get: false, move: false, store: true }, known: true });
    expect(rightsForRole('Reading workstation').rights.find).toBe(true);
    expect(rightsForRole('PACS').rights.store).toBe(true);
    expect(rightsForRole('research user')).toEqual({ rights: { echo: true, find: false, get: false, move: false, store: false }, known: false });
    const ctx = buildContext({ service: service(), inventory: [{ aeTitle: 'X1', host: '10.200.0.9', port: 104, role: 'mystery box', description: '' }], vantage: { label: 'v', untrusted: false } });
    expect((orthancAccessConfig(ctx).DicomModalities as Record<string, { AllowStore: boolean }>).X1!.AllowStore).toBe(false);
    expect(orthancAccessConfig(ctx).DicomCheckModalityHost).toBe(true);
  });

  it('counts common steps plus one variant per playbook', () => {
    const c = renderChecklist({ service: service({ checks: [check('exposure.untrusted-reach'), check('dicom.detected')] }), inventory: INVENTORY, vantage: { label: 'v', untrusted: true } });
    expect(c.playbooks.map((p) => p.checkId)).toEqual(['exposure.untrusted-reach']); // informational checks get no playbook by default
    expect(checklistProgress(c, [])).toMatchObject({ done: 0, total: 3, choice: { platform: 'linux-nftables' } });
    const marks = ['exposure.untrusted-reach/peers', 'action/firewall/macos-pf'].map((stepId, i) => ({ stepId, done: true, at: `2026-01-01T00:00:0${i}Z` }));
    const p = checklistProgress(c, marks);
    expect(p).toMatchObject({ done: 2, total: 3, choice: { platform: 'macos-pf' } });
    expect(p.findings.get('exposure.untrusted-reach')).toEqual({ done: 2, total: 3 });
  });

  it('lists failing checks most severe first', () => {
    const c = renderChecklist({ service: service({ checks: [check('dicom.plaintext'), check('dicom.query-open'), check('tls.certificate-expiring'), check('dicom.store-open', 'pass'), check('dicom.any-called-ae')] }), inventory: [], vantage: { label: 'v', untrusted: false } });
    expect(c.playbooks.map((p) => p.checkId)).toEqual(['dicom.query-open', 'dicom.plaintext', 'dicom.any-called-ae', 'tls.certificate-expiring']);
  });
});
