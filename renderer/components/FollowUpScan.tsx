/**
 * "Run every check on the N services found" after a discovery scan (issue 16): fills
 * the scope form with what the discovery found (selectors/follow-up.ts), shows it on
 * Scope & scan and starts the full-catalog scan through the usual `scan:start` (the
 * engine judges the scope as for any scan; a refusal shows under the form).
 */
import type { ScanReport } from '../../shared/types';
import { Notice } from './Notice';
import './follow-up.css';
import { useAppStore } from '../store';
import { followUpOf } from '../store/selectors/follow-up';
import { isActive } from '../store/scan';

export function useFollowUp(report: ScanReport | null | undefined) {
  const setForm = useAppStore((s) => s.setForm);
  const go = useAppStore((s) => s.go);
  const startScan = useAppStore((s) => s.startScan);
  const busy = useAppStore((s) => s.scan.starting || isActive(s.scan.current?.status));
  const followUp = report ? followUpOf(report) : null;
  const run = async (): Promise<void> => {
    if (!followUp || busy) return;
    setForm(followUp.form);
    go('scope');
    await startScan();
  };
  return { followUp, busy, run };
}

export function FollowUpScanButton({ report, primary = false }: { report: ScanReport; primary?: boolean }) {
  const { followUp, busy, run } = useFollowUp(report);
  if (!followUp) return null;
  const n = followUp.services;
  return (
    <button type="button" className={`btn follow-up-btn${primary ? ' btn-primary' : ''}`} onClick={() => void run()} disabled={busy} data-testid="follow-up-scan" title={busy ? 'Wait for the running scan to end' : undefined}>
      Run every check on the {n === 1 ? 'service' : `${n} services`} found
    </button>
  );
}

const portWords = (ports: readonly number[]): string => (ports.length <= 8 ? ports.join(', ') : `${ports.slice(0, 8).join(', ')} and ${ports.length - 8} more`);

/** On a discovery scan's servers: what ran, and the follow-up. */
export function DiscoveryNotice({ report }: { report: ScanReport }) {
  const followUp = followUpOf(report);
  if (!followUp) return null;
  const h = followUp.hosts.length;
  return (
    <Notice tone="info" title="A discovery scan: only the discovery checks ran, the others are skipped." testId="discovery-follow-up" actions={<FollowUpScanButton report={report} primary />}>
      Run the full catalog on what it found: {h === 1 ? 'one host' : `${h} hosts`}, port{followUp.ports.length === 1 ? '' : 's'} {portWords(followUp.ports)}. Nothing outside this scan&rsquo;s scope is tried.
    </Notice>
  );
}
