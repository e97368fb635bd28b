/**
 * Fix & verify one server: a playbook per failing check with steps to tick, snippets
 * for the chosen product and firewall, the manual attestations, and the re-check that
 * proves the fix (or shows that it did not work).
 */
import { useEffect, useMemo } from 'react';
import { serverKey } from '../../../shared/remediation';
import { EmptyState } from '../../components/EmptyState';
import { sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';
import { serviceKey } from '../../store/selectors/hosts';
import { attestationOf, fixChecklist, repeatedSnippets, stepStates } from '../../store/selectors/remediation';
import { PROTOCOL_LABEL } from '../../store/selectors/servers';
import { AttestationCard } from './AttestationCard';
import { ChecklistSection } from './ChecklistSection';
import { PlaybookCard } from './PlaybookCard';
import { PracticeApplyPanel } from './PracticeApplyPanel';
import { SetupPanel } from './SetupPanel';
import { VerifyPanel } from './VerifyPanel';
import { LoadState } from '../../components/LoadState';

export function RemediationScreen() {
  const fix = useAppStore((s) => s.fix);
  const go = useAppStore((s) => s.go);
  const openServer = useAppStore((s) => s.openServer);
  const loadRemediation = useAppStore((s) => s.loadRemediation);
  const dismissSaveError = useAppStore((s) => s.dismissSaveError);
  const openSignoff = useAppStore((s) => s.openSignoff);
  const inReport = useAppStore((s) => (fix.server ? (s.report.data?.services.some((x) => serviceKey(x) === serverKey(fix.server!)) ?? false) : false));
  const checklist = fix.playbook.data;
  const view = fix.checklist.data;
  const states = useMemo(() => stepStates(view), [view]);
  // One step per action, and the one count the maintenance window and the record show too.
  const progress = useMemo(() => (checklist ? fixChecklist(checklist, fix.vendor, fix.platform, states) : null), [checklist, fix.vendor, fix.platform, states]);
  const repeats = useMemo(() => repeatedSnippets(progress?.steps ?? []), [progress]);
  // Reached from the sidebar, a route or a reload: read the checklist again, since the
  // inventory, a scan or another screen may have changed it (a load in flight is left alone).
  useEffect(() => {
    const { fix: now, loadRemediation: reload } = useAppStore.getState();
    if (now.server && now.playbook.status !== 'loading') void reload();
  }, []);

  if (!fix.server) {
    return (
      <div className="screen">
        <ScreenHead title="Fix & verify" />
        <div className="panel">
          <EmptyState
            title="No server chosen"
            action={
              <button type="button" className="btn btn-primary" onClick={() => go('servers')}>
                Go to Servers
              </button>
            }
          >
            Open a server from the Servers list and choose Fix this server: you get its checklist, the exact changes for its product and
            firewall, and a re-check that proves the fix.
          </EmptyState>
        </div>
      </div>
    );
  }

  const key = serverKey(fix.server);
  const loading = (fix.playbook.status === 'loading' || fix.playbook.status === 'idle') && !checklist;
  const back = inReport ? (
    <button type="button" className="btn-link" onClick={() => openServer(key)}>
      ← Server {key}
    </button>
  ) : (
    <button type="button" className="btn-link" onClick={() => go('servers')}>
      ← All servers
    </button>
  );

  if (loading || !checklist) {
    return (
      <div className="screen">
        <div>{back}</div>
        <ScreenHead title={`Fix ${key}`} />
        <LoadState state={fix.playbook} hasData={false} loading={`Preparing the checklist for ${key}…`} failed="The checklist for this server could not be made." onRetry={() => void loadRemediation()}>
          {() => null}
        </LoadState>
      </div>
    );
  }

  const p = checklist.product;
  const product = p?.name && p.name !== 'unknown' ? `${p.name}${p.version ? ` ${p.version}` : ''}` : 'Unidentified service';
  const count = checklist.playbooks.length;

  return (
    <div className="screen fix-screen">
      <div>{back}</div>
      <ScreenHead title={`Fix ${key}`}>
        {product}
        {checklist.protocol && checklist.protocol !== 'unknown' ? ` speaking ${PROTOCOL_LABEL[checklist.protocol]}` : ''}
        {checklist.aeTitle ? `, AE title ${checklist.aeTitle}` : ''}. Scanned from {checklist.vantage.label}
        {checklist.vantage.untrusted ? ' (untrusted network)' : ''}.{' '}
        {count > 0 ? `${count} ${count === 1 ? 'finding' : 'findings'} to fix, most severe first.` : 'Nothing above info fails.'}
      </ScreenHead>

      <nav className="jump" aria-label="On this page">
        <a href="#findings">Findings ({count})</a>
        <a href="#checklist">Checklist</a>
        <a href="#attestations">Manual controls</a>
        <a href="#verify">Verify</a>
      </nav>

      <SetupPanel checklist={checklist} view={view} progress={progress ?? { done: 0, total: 0 }} />

      <PracticeApplyPanel server={fix.server} />

      {fix.checklist.status === 'error' ? (
        <Notice tone="error" title="The saved checklist could not be loaded: steps show as not done.">
          {sentence(fix.checklist.error ?? '')}
        </Notice>
      ) : null}
      {checklist.warnings.length > 0 ? (
        <Notice tone="warning" title="Check these before you apply the snippets.">
          {checklist.warnings.map(sentence).join(' ')}
        </Notice>
      ) : null}

      <section className="fix-section" aria-labelledby="findings" data-testid="findings">
        <h2 id="findings" className="section-title" tabIndex={-1}>
          Findings to fix
        </h2>
        {count === 0 ? (
          <div className="panel">
            <EmptyState title="Nothing to fix on this server">
              No check above info fails in its latest scan. You can still attest the manual controls below and re-check it.
            </EmptyState>
          </div>
        ) : (
          checklist.playbooks.map((pb) => (
            <PlaybookCard key={pb.checkId} playbook={pb} progress={progress?.findings.get(pb.checkId)} />
          ))
        )}
      </section>

      {progress && progress.steps.length > 0 ? (
        <section className="fix-section" aria-labelledby="checklist" data-testid="checklist-section">
          <h2 id="checklist" className="section-title" tabIndex={-1}>
            Checklist
          </h2>
          <p className="section-intro">
            Each change once, with the findings it addresses: {progress.total} {progress.total === 1 ? 'step' : 'steps'} for {count}{' '}
            {count === 1 ? 'finding' : 'findings'}.
          </p>
          <ChecklistSection checklist={checklist} steps={progress.steps} states={states} repeats={repeats} />
        </section>
      ) : null}

      <section className="fix-section" aria-labelledby="attestations">
        <h2 id="attestations" className="section-title" tabIndex={-1}>
          Manual controls
        </h2>
        <p className="section-intro">These cannot be probed from the network. Check each by hand and attest to it, saying what you checked.</p>
        <div className="attest-grid">
          {checklist.attestations.map((a) => (
            <AttestationCard key={a.id} def={a} state={attestationOf(view, a.id)} />
          ))}
        </div>
      </section>

      <VerifyPanel checklist={checklist} />

      <section className="panel signoff-cta" aria-labelledby="signoff-cta-title">
        <div className="panel-body signoff-cta-body">
          <div>
            <h2 id="signoff-cta-title" className="section-title">
              Sign off
            </h2>
            <p>
              A signed, tamper-evident record of the findings, the steps with who and when, the attestations and the latest re-check: the
              evidence for your security office and auditors.{' '}
              {fix.history.data && fix.history.data.length > 0 ? '' : 'Re-check first: a record without a re-check says the fix is not proven.'}
            </p>
          </div>
          <button type="button" className="btn btn-primary" onClick={() => openSignoff(fix.server!)}>
            Sign off this server
          </button>
        </div>
      </section>

      <footer className="attack-notice">ATT&amp;CK technique names from MITRE ATT&amp;CK® Enterprise. {checklist.attackNotice}</footer>

      {fix.saveError ? (
        <div className="fix-toast">
          <Notice
            tone="error"
            title="Not saved."
            testId="save-error"
            actions={
              <button type="button" className="btn btn-small" onClick={dismissSaveError}>
                Dismiss
              </button>
            }
          >
            {sentence(fix.saveError ?? '')}
          </Notice>
        </div>
      ) : null}
    </div>
  );
}
