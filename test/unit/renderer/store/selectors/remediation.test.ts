import { describe, expect, it } from 'vitest';
import { renderChecklist } from '../../../../../shared/playbooks';
import type { RenderedChecklist, RenderedPlaybook } from '../../../../../shared/playbooks/types';
import type { StepState, VerificationCheck } from '../../../../../shared/remediation';
import {
  defaultVendor,
  fixChecklist,
  formatDuration,
  hasNetworkVariants,
  isCurrentRun,
  isVerifying,
  orderVerified,
  pickVariant,
  repeatedSnippets,
  resumedVerify,
  stepDomId,
  vendorChoices,
  verdictLine,
  VERIFY_IDLE,
  verifyFailed,
} from '../../../../../renderer/store/selectors/remediation';
import { check, service } from './fixtures';

/** A real checklist, rendered by the shared playbooks from a scan result. */
function rendered(productName?: string): RenderedChecklist {
  return renderChecklist({
    service: service('10.200.4.20', 104, [
      check('dicom.detected', 'fail', 'info'),
      check('dicom.query-open', 'fail', 'critical'),
      check('dicom.any-calling-ae', 'fail', 'high'),
      check('exposure.untrusted-reach', 'fail', 'high'),
      check('dicom.store-open', 'pass', 'high'),
    ], productName ? { product: { name: productName, version: '1.0' } } : {}),
    inventory: [{ aeTitle: 'CT1', host: '10.200.4.21', port: 104, role: 'Modality', description: 'CT' }],
    vantage: { label: 'Guest Wi-Fi', untrusted: true },
  });
}

function done(...ids: string[]): Map<string, StepState> {
  return new Map(ids.map((id) => [id, { stepId: id, done: true, by: 'Dana', at: '2025-01-01T00:00:00.000Z', note: '' }]));
}

function playbookOf(c: RenderedChecklist, id: string): RenderedPlaybook {
  const p = c.playbooks.find((x) => x.checkId === id);
  if (!p) throw new Error(`no playbook ${id}`);
  return p;
}

describe('product and firewall pickers', () => {
  it('offers the products the playbooks have, in picker order, and knows when firewalls apply', () => {
    const c = rendered();
    expect(vendorChoices(c).map((o) => o.id)).toEqual(['orthanc', 'dcmqrscp', 'dcm4chee', 'generic']);
    expect(hasNetworkVariants(c)).toBe(true);
    expect(hasNetworkVariants({ playbooks: [] })).toBe(false);
  });

  it('starts with the product most playbooks call likely for what the scan saw', () => {
    expect(defaultVendor(rendered('dcm4che'))).toBe('dcm4chee');
    expect(defaultVendor(rendered('Orthanc'))).toBe('orthanc');
  });

  it('starts with the generic fix when nothing is recognised', () => {
    expect(defaultVendor(rendered('Collimator practice lab'))).toBe('generic');
    expect(defaultVendor({ playbooks: [] })).toBeNull();
  });

  it('shows the chosen variant, or says it stands in for one the playbook lacks', () => {
    const c = rendered();
    const query = playbookOf(c, 'dicom.query-open');
    expect(pickVariant(query, 'vendor', 'dcmqrscp')).toMatchObject({ variant: { id: 'dcmqrscp' }, standIn: false });
    expect(pickVariant(query, 'network', 'macos-pf')).toMatchObject({ variant: { id: 'macos-pf' }, standIn: false });
    const reach = playbookOf(c, 'exposure.untrusted-reach');
    expect(pickVariant(reach, 'vendor', 'orthanc')).toBeUndefined();
    const nginxOnly: RenderedPlaybook = { ...query, variants: query.variants.filter((v) => v.id === 'generic') };
    expect(pickVariant(nginxOnly, 'vendor', 'orthanc')).toMatchObject({ variant: { id: 'generic' }, standIn: true });
    expect(pickVariant(nginxOnly, 'vendor', null)).toMatchObject({ variant: { id: 'generic' }, standIn: false });
  });
});

describe('the Fix screen checklist (grouped by action)', () => {
  it('lists each action once with the findings it addresses: the common steps, the product fix, then the firewall rule', () => {
    const r = fixChecklist(rendered(), 'dcmqrscp', 'linux-nftables', new Map());
    const ids = r.steps.map((s) => s.id);
    expect(ids[0]).toBe('action/dicom-access/inventory');
    expect(ids).toContain('action/dicom-access/dcmqrscp/config');
    expect(ids.at(-1)).toBe('action/firewall/linux-nftables');
    expect(ids.some((id) => id.includes('/orthanc/'))).toBe(false);
    expect(new Set(ids).size).toBe(ids.length);
    expect(r.steps.find((s) => s.id === 'action/dicom-access/dcmqrscp/config')?.findings).toEqual(['dicom.query-open', 'dicom.any-calling-ae']);
    // The firewall rule is the fix for the exposure (no product fix there), so it counts, once, for three findings.
    expect(r.steps.find((s) => s.id === 'action/firewall/linux-nftables')).toMatchObject({ counted: true, findings: ['dicom.query-open', 'dicom.any-calling-ae', 'exposure.untrusted-reach'] });
  });

  it('counts each action once: ticking a shared step advances every finding it addresses', () => {
    const c = rendered();
    const before = fixChecklist(c, 'dcmqrscp', 'macos-pf', new Map());
    // Two access steps, two dcmqrscp steps, the exposure's two own steps and one firewall rule.
    expect(before.total).toBe(7);
    const r = fixChecklist(c, 'dcmqrscp', 'macos-pf', done('action/dicom-access/inventory', 'action/dicom-access/dcmqrscp/config', 'action/dicom-access/orthanc/config', 'action/firewall/macos-pf'));
    expect(r.done).toBe(3);
    expect(r.findings.get('dicom.query-open')).toEqual({ done: 3, total: 5 });
    expect(r.findings.get('dicom.any-calling-ae')).toEqual({ done: 3, total: 5 });
    expect(r.findings.get('exposure.untrusted-reach')).toEqual({ done: 1, total: 3 });
  });

  it('a step not done, or marked not done, does not count', () => {
    const c = rendered();
    const states = done('action/dicom-access/inventory');
    states.set('action/dicom-access/window', { stepId: 'action/dicom-access/window', done: false, by: 'Dana', at: '2025-01-01T00:00:00.000Z', note: 'undone' });
    expect(fixChecklist(c, 'generic', 'linux-nftables', states).done).toBe(1);
  });
});

describe('repeatedSnippets', () => {
  it('each action is listed once, so the access change and the firewall rule are printed once', () => {
    const r = fixChecklist(rendered(), 'orthanc', 'linux-nftables', new Map());
    expect(repeatedSnippets(r.steps).size).toBe(0);
  });

  it('points a second action that ships the same snippet at the first, and prints it again when the code differs', () => {
    const steps = fixChecklist(rendered(), 'orthanc', 'linux-nftables', new Map()).steps;
    const config = steps.find((s) => s.id === 'action/dicom-access/orthanc/config')!;
    const twin = { ...config, id: 'dicom.query-open/twin' };
    expect(repeatedSnippets([config, twin]).get('dicom.query-open/twin')).toEqual({ stepId: config.id, stepText: config.text });
    const other = { ...twin, snippet: { ...config.snippet!, code: `${config.snippet!.code}# other\n` } };
    expect(repeatedSnippets([config, other]).size).toBe(0);
  });
});

describe('verdicts in words and order', () => {
  const v = (id: VerificationCheck['id'], verdict: VerificationCheck['verdict'], severity: VerificationCheck['severity']): VerificationCheck => ({
    id, verdict, severity, before: 'fail', after: 'fail', note: '', evidence: {},
  });

  it('orders what broke first, then what still fails, what was fixed, what could not be judged, what was fine', () => {
    const ordered = orderVerified([
      v('dicom.plaintext', 'still-passing', 'high'),
      v('dicom.any-called-ae', 'fixed', 'medium'),
      v('dicom.query-open', 'inconclusive', 'critical'),
      v('dicom.any-calling-ae', 'still-failing', 'high'),
      v('dicom.retrieve-open', 'still-failing', 'critical'),
      v('dicom.store-open', 'regressed', 'high'),
    ]);
    expect(ordered.map((c) => c.id)).toEqual(['dicom.store-open', 'dicom.retrieve-open', 'dicom.any-calling-ae', 'dicom.any-called-ae', 'dicom.query-open', 'dicom.plaintext']);
  });

  it('says the counts in words', () => {
    expect(verdictLine({ fixed: 2, 'still-failing': 1, regressed: 0, 'still-passing': 0, inconclusive: 3 })).toBe('1 still failing, 2 fixed, 3 inconclusive');
    expect(verdictLine({ fixed: 0, 'still-failing': 0, regressed: 0, 'still-passing': 0, inconclusive: 0 })).toBe('nothing verified');
  });
});

describe('formatDuration and stepDomId', () => {
  it('reads at a glance', () => {
    expect(formatDuration(4_200)).toBe('4 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(80 * 60_000 + 30_000)).toBe('1 h 20 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3600_000)).toBe('3 d 4 h');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('makes DOM ids without slashes or dots', () => {
    expect(stepDomId('dicom.query-open/orthanc/config')).toBe('step-dicom-query-open-orthanc-config');
  });
});

describe('the re-check on screen', () => {
  it('is in flight while running or being cancelled, not once cancelled, failed or done', () => {
    expect(['running', 'cancelling'].map((status) => isVerifying({ status: status as 'running' }))).toEqual([true, true]);
    expect(['idle', 'cancelled', 'error'].map((status) => isVerifying({ status: status as 'idle' }))).toEqual([false, false, false]);
  });

  it('a server reopened while its re-check runs shows it running again, with the id a cancel names', () => {
    expect(resumedVerify({ runId: 'r1', startedAt: 1000 })).toEqual({ status: 'running', startedAt: 1000, error: null, runId: 'r1', cancelError: null });
    expect(resumedVerify(undefined)).toEqual(VERIFY_IDLE);
  });

  it('a cancelled answer shows as cancelled (nothing recorded), never as a failure; other errors keep their words', () => {
    expect(verifyFailed({ code: 'cancelled', message: 'the re-check of 10.200.4.20:104 was cancelled: nothing was stored' })).toEqual({ ...VERIFY_IDLE, status: 'cancelled' });
    expect(verifyFailed({ code: 'busy', message: 'a re-check of 10.200.4.20:104 is already running' })).toEqual({ ...VERIFY_IDLE, status: 'error', error: 'a re-check of 10.200.4.20:104 is already running' });
  });

  it('an answer belongs to the screen only when it is of the re-check shown (or none is)', () => {
    expect(isCurrentRun({ runId: 'r1' }, 'r1')).toBe(true);
    expect(isCurrentRun({ runId: null }, 'r1')).toBe(true);
    expect(isCurrentRun({ runId: 'r2' }, 'r1')).toBe(false);
  });
});
