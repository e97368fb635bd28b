/**
 * On the Fix screen of a practice-lab server only (issue 17): apply the checklist's fix to
 * that practice server, so the re-check below can show `fixed`. The button is offered
 * for the lab's own servers as this screen knows them; the main process decides again,
 * by the lab's own list, and never changes any other server.
 */
import { serverKey } from '../../../shared/host';
import type { ServerRef } from '../../../shared/remediation';
import { sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';

export function PracticeApplyPanel({ server }: { server: ServerRef }) {
  const key = serverKey(server);
  const lab = useAppStore((s) => s.practiceLab);
  const apply = useAppStore((s) => s.applyToPracticeServer);
  const mine = lab.status === 'running' ? lab.servers.find((x) => serverKey(x) === key && x.aet !== '') : undefined;
  if (!mine) return null;
  const result = lab.applied[key];
  const busy = lab.applying === key;
  const error = lab.applyError?.server === key ? lab.applyError.message : null;
  return (
    <section className="panel practice-apply" aria-labelledby="practice-apply-title" data-testid="practice-apply">
      <div className="panel-head">
        <h2 id="practice-apply-title">Practice server: {mine.name}</h2>
      </div>
      <div className="panel-body">
        <p>
          This server is part of Collimator’s practice lab on this computer. Apply the fix to it the way the snippets below would change a
          real PACS: it then answers only its own AE title ({mine.aet}) and only the inventory’s peers. Tick the steps as you go, then
          re-check: the findings it closes show as fixed.
        </p>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void apply(server)}>
          {busy ? 'Applying…' : result ? 'Apply this to the practice server again' : 'Apply this to the practice server'}
        </button>
        {result ? (
          <Notice tone="success" title={`Applied to the practice server ${serverKey(result)}.`} testId="practice-applied">
              <ul className="plain-list">
                {result.applied.map((line) => (
                  <li key={line}>{sentence(line)}</li>
                ))}
                {result.notApplied.map((line) => (
                  <li key={line}>Not done here: {line}.</li>
                ))}
              </ul>
            <a href="#verify">Now re-check it</a>
          </Notice>
        ) : null}
        {error ? (
          <Notice tone="error" title="Nothing was changed." testId="practice-apply-error">
            {sentence(error)}
          </Notice>
        ) : null}
      </div>
    </section>
  );
}
