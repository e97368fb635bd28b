/**
 * Issue 14, "Use it in the fix", without a network: the confirmed peers fill the
 * allow-lists; each allow-list step says which peers it keeps and which it would cut
 * off (and which of those were seen in the last N days); marking such a step done needs
 * an acknowledgement naming each recent one, stored with the checklist change and
 * carried into the signed record; the verdict of a peer's association.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG, type CheckId, type CheckStatus } from '../../../shared/catalog';
import { confirmedPeersFromInventory, mergePeers, peersKeptAndCut, type ConfirmedPeer } from '../../../shared/peers';
import { canonicalStepId, renderChecklist, type RenderedChecklist } from '../../../shared/playbooks';
import type { CheckResult, InventoryNode, ServiceResult } from '../../../shared/types';
import { RemediationError } from '../../../electron/remediation/errors';
import { confirmedPeersFor } from '../../../electron/remediation/peers-fix';
import { createRemediationService, type RemediationService } from '../../../electron/remediation/service';
import { appliedAddressBinding, judgePeer } from '../../../electron/remediation/verify-peers';
import { buildDraft, storeSource } from '../../../electron/records/build';
import { recordShapeProblem } from '../../../electron/records/record-schema';
import { createObservedPeersRepo, openStore, type Store } from '../../../electron/store';
import { createRecordsRepo } from '../../../electron/records/repo';
import { renderReportHtml } from '../../../electron/records/report-html';
import { draftFor, operatorKey } from '../records/fixtures';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const daysAgo = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const HOST = '10.200.7.1';
const PORT = 4242;

const result = (id: CheckId, status: CheckStatus): CheckResult => ({ id, status, severity: CATALOG[id].severity, summary: `${id} ${status}`, evidence: {}, attack: [...CATALOG[id].attack] });
const service: ServiceResult = {
  host: HOST, port: PORT, state: 'open', protocol: 'dicom', product: { name: 'Orthanc' }, calledAe: 'MAINPACS', calledAeSource: 'inventory',
  checks: [result('dicom.any-calling-ae', 'fail'), result('dicom.query-open', 'fail')],
};
const inventory: InventoryNode[] = [
  { aeTitle: 'MAINPACS', host: HOST, port: PORT, role: 'pacs', description: 'this server' },
  { aeTitle: 'CT_ROOM1', host: '10.200.7.11', port: 104, role: 'CT modality', description: '' },
  { aeTitle: 'WS_NAMED', host: 'ws1.example.org', port: 104, role: 'viewer', description: '' },
];
const learned: ConfirmedPeer[] = [
  { callingAe: 'US_ROOM2', address: '10.200.7.12', lastSeen: daysAgo(2), source: 'learned' },
  // A real DICOM title the snippets will not write (a space): every allow-list cuts it off.
  { callingAe: 'CT ROOM3', address: '10.200.7.13', lastSeen: daysAgo(3), source: 'learned' },
  { callingAe: 'OLD_MR', address: '10.200.7.14', lastSeen: daysAgo(200), source: 'learned' },
  // A sighting of an inventory peer gives it its last-seen time.
  { callingAe: 'CT_ROOM1', address: '10.200.7.11', lastSeen: daysAgo(1), source: 'learned' },
];

/** A step by its id, or by a finding's own id from before steps were grouped by action (issue 17). */
function stepById(c: RenderedChecklist, id: string) {
  const want = canonicalStepId(id) ?? id;
  const s = c.playbooks.flatMap((p) => [...p.steps, ...p.variants.flatMap((v) => v.steps)]).find((x) => x.id === want);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

describe('confirmed peers', () => {
  it('come from the inventory (the server\'s own row left out) and merge with learned sightings', () => {
    const inv = confirmedPeersFromInventory(inventory, service);
    expect(inv.map((p) => p.callingAe)).toEqual(['CT_ROOM1', 'WS_NAMED']);
    expect(inv.every((p) => p.source === 'inventory' && p.lastSeen === null)).toBe(true);
    const all = mergePeers(inv, learned);
    expect(all.map((p) => `${p.callingAe}:${p.source}`)).toEqual(['CT_ROOM1:inventory', 'WS_NAMED:inventory', 'US_ROOM2:learned', 'CT ROOM3:learned', 'OLD_MR:learned']);
    expect(all[0]!.lastSeen).toBe(daysAgo(1));
  });

  it('peersKeptAndCut per binding', () => {
    const peers = mergePeers(confirmedPeersFromInventory(inventory, service), learned);
    const ae = peersKeptAndCut({ binding: 'ae', entries: [{ aeTitle: 'CT_ROOM1' }, { aeTitle: 'WS_NAMED' }] }, peers, NOW, 30);
    expect(ae.kept.map((p) => p.callingAe)).toEqual(['CT_ROOM1', 'WS_NAMED']);
    expect(ae.cut.map((p) => p.callingAe)).toEqual(['US_ROOM2', 'CT ROOM3', 'OLD_MR']);
    expect(ae.recentCut.map((p) => p.callingAe)).toEqual(['US_ROOM2', 'CT ROOM3']);
    expect(peersKeptAndCut({ binding: 'ae', entries: [] }, peers, NOW, 300).recentCut.map((p) => p.callingAe)).toEqual(['CT_ROOM1', 'US_ROOM2', 'CT ROOM3', 'OLD_MR']);
    expect(peersKeptAndCut({ binding: 'ae', entries: [], emptyMeansAny: true }, peers, NOW).cut).toEqual([]);
    const fw = peersKeptAndCut({ binding: 'address', entries: [{ address: '10.200.7.11' }, { address: '10.200.7.12' }] }, peers, NOW);
    expect(fw.kept.map((p) => p.callingAe)).toEqual(['CT_ROOM1', 'US_ROOM2']);
    expect(fw.cut.find((p) => p.callingAe === 'WS_NAMED')?.why).toMatch(/host name/);
    const both = peersKeptAndCut({ binding: 'ae+address', entries: [{ aeTitle: 'CT_ROOM1', address: '10.200.7.99' }] }, peers, NOW);
    expect(both.cut.find((p) => p.callingAe === 'CT_ROOM1')?.why).toMatch(/not with the address 10\.200\.7\.11/);
    expect(peersKeptAndCut({ binding: 'address', entries: [] }, [{ callingAe: 'X', address: null, lastSeen: null, source: 'learned' }], NOW).unknown).toHaveLength(1);
  });

  it('fill the snippets, and each allow-list step says whom it keeps and cuts off', () => {
    const peers = mergePeers(confirmedPeersFromInventory(inventory, service), learned);
    const c = renderChecklist({ service, inventory, vantage: { label: 'lab', untrusted: false }, confirmedPeers: peers, now: NOW });
    const orthanc = stepById(c, 'dicom.any-calling-ae/orthanc/config');
    const config = JSON.parse(orthanc.snippet!.code) as { DicomModalities: Record<string, { AET: string; Host: string; Port: number }> };
    expect(Object.values(config.DicomModalities).map((m) => m.AET)).toEqual(['CT_ROOM1', 'WS_NAMED', 'US_ROOM2', 'OLD_MR']);
    expect(config.DicomModalities.US_ROOM2).toMatchObject({ Host: '10.200.7.12', Port: 104 });
    expect(c.warnings.join('\n')).toMatch(/learned peers left out.*CT ROOM3/);
    expect(orthanc.peers!.binding).toBe('ae'); // a host name among the peers: no DicomCheckModalityHost
    expect(orthanc.peers!.cut.map((p) => p.callingAe)).toEqual(['CT ROOM3']);
    expect(orthanc.peers!.recentCut.map((p) => p.callingAe)).toEqual(['CT ROOM3']);
    const dcmqrscp = stepById(c, 'dicom.any-calling-ae/dcmqrscp/config');
    expect(dcmqrscp.snippet!.code).toContain('(US_ROOM2, 10.200.7.12, 104)');
    expect(dcmqrscp.peers!.binding).toBe('ae+address');
    const nft = stepById(c, 'dicom.any-calling-ae/linux-nftables/rules');
    expect(nft.snippet!.code).toMatch(/ip saddr \{ 10\.200\.7\.11, 10\.200\.7\.12, 10\.200\.7\.14 \}/);
    expect(nft.peers!.cut.map((p) => p.callingAe).sort()).toEqual(['CT ROOM3', 'WS_NAMED']);
    // Without a learned peer seen recently, nothing needs acknowledging.
    const plain = renderChecklist({ service, inventory, vantage: { label: 'lab', untrusted: false }, now: NOW });
    expect(stepById(plain, 'dicom.any-calling-ae/linux-nftables/rules').peers!.recentCut).toEqual([]);
    expect(stepById(plain, 'dicom.any-calling-ae/inventory').peers).toBeUndefined();
  });
});

describe('acknowledging a cut-off, in the checklist and the signed record', () => {
  let store: Store;
  let svc: RemediationService;
  afterEach(() => store.close());

  function setup(): void {
    store = openStore(':memory:');
    svc = createRemediationService(store, { now: () => NOW, learnedPeers: () => learned });
    store.beginScan({ id: 'scan-1', startedAt: daysAgo(0.1), vantage: { label: 'lab', untrusted: false }, targets: [HOST], ports: [PORT], toolVersion: '0.1.0' });
    store.saveService('scan-1', service);
    store.finishScan('scan-1', daysAgo(0.1), false);
    svc.inventoryImport({ csv: `ae_title,host,port,role,description\n${inventory.map((n) => [n.aeTitle, n.host, n.port, n.role, n.description].join(',')).join('\n')}\n` });
  }

  it('the seam collects inventory and learned peers in one list', () => {
    setup();
    expect(confirmedPeersFor(store, { host: HOST, port: PORT }, () => learned).map((p) => p.callingAe)).toEqual(['CT_ROOM1', 'WS_NAMED', 'US_ROOM2', 'CT ROOM3', 'OLD_MR']);
    expect(confirmedPeersFor(store, { host: HOST, port: PORT }).map((p) => p.source)).toEqual(['inventory', 'inventory']);
  });

  it('without a given source, the peers the store learned from logs join the list (accepted ones on this port only)', () => {
    setup();
    const peer = (callingAe: string, address: string, accepted: boolean) => ({ callingAe, address, operations: ['echo' as const], firstSeen: daysAgo(3), lastSeen: daysAgo(1), count: 2, accepted });
    createObservedPeersRepo(store.db).replaceSource('/var/log/orthanc/Orthanc.log', 'orthanc', [
      { host: null, port: PORT, calledAe: 'MAINPACS', peers: [peer('MR_ROOM4', '10.200.7.14', true), peer('EVIL', '10.200.7.66', false)] },
      { host: null, port: PORT + 1, calledAe: 'OTHER', peers: [peer('XA_ROOM5', '10.200.7.15', true)] },
    ], daysAgo(0));
    const got = confirmedPeersFor(store, { host: HOST, port: PORT });
    expect(got.filter((p) => p.source === 'learned').map((p) => [p.callingAe, p.address, p.lastSeen])).toEqual([['MR_ROOM4', '10.200.7.14', daysAgo(1)]]);
  });

  it('refuses to mark done without naming each recent peer, records the acknowledgement, and the record carries it', () => {
    setup();
    const step = canonicalStepId('dicom.any-calling-ae/linux-nftables/rules')!; // one step per action (issue 17)
    const shown = svc.playbook({ host: HOST, port: PORT });
    expect(stepById(shown, step).peers!.recentCut.map((p) => p.callingAe)).toEqual(['CT ROOM3']);
    let err: unknown;
    try {
      svc.setStep({ host: HOST, port: PORT, stepId: step, done: true, by: 'ada' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RemediationError);
    expect((err as Error).message).toMatch(/would cut off CT ROOM3 \(10\.200\.7\.13\), seen in the last 30 days/);
    expect(store.checklists.get({ host: HOST, port: PORT }).history).toEqual([]);
    // Naming another peer is not enough.
    expect(() => svc.setStep({ host: HOST, port: PORT, stepId: step, done: true, by: 'ada', acknowledgeCutOff: [{ callingAe: 'CT ROOM3', address: '10.200.7.99' }] })).toThrow(/CT ROOM3/);
    // Unticking never needs one; a step that cuts off nobody recent neither.
    svc.setStep({ host: HOST, port: PORT, stepId: 'dicom.any-calling-ae/inventory', done: true, by: 'ada' });
    const v = svc.setStep({ host: HOST, port: PORT, stepId: step, done: true, by: 'ada', note: 'agreed with radiology', acknowledgeCutOff: [{ callingAe: 'CT ROOM3', address: '10.200.7.13' }] });
    const event = v.checklist.history.find((e) => e.item === step)!;
    expect(event.acknowledgement).toMatchObject({ stepId: step, by: 'ada', recentDays: 30, peers: [{ callingAe: 'CT ROOM3', address: '10.200.7.13', lastSeen: daysAgo(3), source: 'learned' }] });
    expect(event.acknowledgement!.peers[0]!.why).toMatch(/not in these rules|host name|AE title/);
    // Append-only, like the checklist.
    expect(() => store.db.prepare('DELETE FROM cut_off_acknowledgements').run()).toThrow(/cannot be deleted/);

    const draft = buildDraft(storeSource(store), { host: HOST, port: PORT }, {
      id: 'rec-1', createdAt: NOW.toISOString(), toolVersion: '0.1.0', operator: { name: 'Ada', role: 'admin', fingerprint: 'a'.repeat(64) }, note: '', supersedes: null,
    });
    expect(draft.format).toBe('collimator.record/4');
    expect(draft.peers!.acknowledgements).toEqual([expect.objectContaining({ seq: event.seq, stepId: step, by: 'ada', peers: [expect.objectContaining({ callingAe: 'CT ROOM3' })] })]);
    expect(draft.peers!.stillAccepted).toBeNull();
    expect(recordShapeProblem({ ...draft, chain: { position: 1, prev: null } })).toBeUndefined();
    expect(recordShapeProblem({ ...draft, chain: { position: 1, prev: null }, peers: { acknowledgements: 'x', stillAccepted: null } })).toMatch(/^record\.peers\.acknowledgements/);

    // Signed with the verification's peers: the record verifies and its report shows both parts.
    store.verifications.save({
      id: 'ver-1', service: { host: HOST, port: PORT },
      before: { scanId: 'scan-1', at: daysAgo(0.1), vantage: { label: 'lab', untrusted: false }, state: 'open', protocol: 'dicom' },
      after: { at: NOW.toISOString(), finishedAt: NOW.toISOString(), vantage: { label: 'lab', untrusted: false }, state: 'open', protocol: 'dicom' },
      checks: [], unverified: [], counts: { fixed: 0, 'still-failing': 0, regressed: 0, 'still-passing': 0, inconclusive: 0 }, passed: false,
      peers: [{ callingAe: 'US_ROOM2', address: '10.200.7.12', source: 'learned', verdict: 'regressed', reason: 'the server refused US_ROOM2', outcome: 'association-rejected', detail: '', addressBound: false, from: '10.200.7.2' }],
      beforeService: service, afterService: service,
    });
    const ada = operatorKey('Ada', 'admin');
    const signed = createRecordsRepo(store.db).signoff(draftFor(store, ada, { host: HOST, port: PORT, createdAt: NOW.toISOString() }), ada);
    expect(signed.body.peers!.stillAccepted).toEqual([expect.objectContaining({ callingAe: 'US_ROOM2', verdict: 'regressed' })]);
    expect(recordShapeProblem(signed.body)).toBeUndefined();
    const html = renderReportHtml([signed], { generatedAt: NOW.toISOString(), toolVersion: '0.1.0' });
    expect(html).toContain('Legitimate peers');
    expect(html).toContain('Cut off on purpose');
    expect(html).toMatch(/US_ROOM2.*Regressed/s);
  });
});

describe('a peer\'s association, judged', () => {
  const peer = { callingAe: 'CT_ROOM1', address: '10.200.7.11' };
  const rejected = { outcome: 'association-rejected', detail: 'x', reject: { permanent: true, reason: 'calling-ae-title-not-recognized', text: 'rejected (permanent) by the DICOM service user: calling AE title not recognized (1/1/3)' } };
  it('accepted, regressed where the AE title is the control, inconclusive where the address binds it too', () => {
    expect(judgePeer(peer, { outcome: 'success', detail: '' }, 'PACS', false, false, '127.0.0.1').verdict).toBe('still-accepted');
    const r = judgePeer(peer, rejected, 'PACS', false, false, '127.0.0.1');
    expect(r).toMatchObject({ verdict: 'regressed' });
    expect(r.reason).toMatch(/calling AE title not recognized.*cut this peer off/);
    const b = judgePeer(peer, rejected, 'PACS', true, false, '127.0.0.1');
    expect(b.verdict).toBe('inconclusive');
    expect(b.reason).toMatch(/also checks the peer's address \(10\.200\.7\.11\) and this workbench calls from 127\.0\.0\.1/);
    // Bound to the address, but the workbench calls from that very address: a refusal is conclusive.
    expect(judgePeer({ callingAe: 'CT_ROOM1', address: '127.0.0.1' }, rejected, 'PACS', true, false, '127.0.0.1').verdict).toBe('regressed');
    expect(judgePeer(peer, { outcome: 'connection-timeout', detail: 'timed out' }, 'PACS', true, false, '127.0.0.1').verdict).toBe('inconclusive');
    const calledRefused = { ...rejected, reject: { ...rejected.reject, reason: 'called-ae-title-not-recognized' } };
    expect(judgePeer(peer, calledRefused, 'PACS', false, false, null).verdict).toBe('inconclusive');
    // Once another peer got in under the same title, the title is right: the caller is what is refused.
    const proven = judgePeer(peer, calledRefused, 'PACS', false, false, null, true);
    expect(proven.verdict).toBe('regressed');
    expect(proven.reason).toMatch(/another peer was accepted under PACS/);
    expect(judgePeer(peer, { ...rejected, reject: { ...rejected.reject, permanent: false } }, 'PACS', false, false, null).verdict).toBe('inconclusive');
  });

  it('the control applied is read from the ticked allow-list steps', () => {
    const c = renderChecklist({ service, inventory: inventory.filter((n) => n.aeTitle !== 'WS_NAMED'), vantage: { label: 'lab', untrusted: false }, now: NOW });
    expect(appliedAddressBinding(c, new Set())).toBeUndefined();
    expect(appliedAddressBinding(c, new Set(['dicom.any-calling-ae/dcm4chee/config']))).toBe(false);
    expect(appliedAddressBinding(c, new Set(['dicom.any-calling-ae/orthanc/config']))).toBe(true); // every peer by address: DicomCheckModalityHost
    expect(appliedAddressBinding(c, new Set(['dicom.any-calling-ae/dcm4chee/config', 'dicom.query-open/windows-firewall/rules']))).toBe(true);
  });
});
