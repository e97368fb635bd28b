/**
 * What a record says, in the order an auditor reads it: the server and where it was
 * checked from, the findings the fix started from, the steps with who and when, the
 * attestations, and the re-check after. Used for the review before signing and for a
 * signed record alike (both are the same body).
 */
import type { ReactNode } from 'react';
import { CATALOG, type CheckId } from '../../../shared/catalog';
import { serverKey } from '../../../shared/host';
import { closureLine } from '../../../shared/internet';
import { WORDS_NOT_RECORDED, type RecordDraft, type RecordSnippet, type RecordStep } from '../../../shared/records';
import { SeverityBadge, StatusBadge } from '../../components/Badges';
import { formatWhen, sentence } from '../../components/format';
import { PROTOCOL_LABEL } from '../../store/selectors/servers';
import { failingFindings, stepsLine } from '../../store/selectors/records';
import { VerdictBadge, VerdictChips } from '../remediation/VerdictBadge';
import { OutcomeBadge } from './OutcomeBadge';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rsection" aria-label={title} data-testid={testId}>
      <h3 className="rsection-title">{title}</h3>
      {children}
    </section>
  );
}

/** A step's words; from format /2, a null means they were not kept when it was ticked (never re-rendered now). */
function StepWords({ format, step }: { format: string; step: RecordStep }) {
  if (step.text !== null) return <span>{step.text}</span>;
  if (format === 'collimator.record/1') return <code>{step.id}</code>;
  return (
    <span data-testid="step-words-not-recorded">
      <em>{WORDS_NOT_RECORDED}</em> (the step was changed before Collimator kept what was shown) <code className="check-id">{step.id}</code>
    </span>
  );
}

/** From format /3: the findings a step addresses (one action, ticked once), by title. */
function Addresses({ findings }: { findings: readonly CheckId[] | undefined }) {
  if (!findings || findings.length === 0) return null;
  return (
    <div className="rlist-sub" data-testid="step-addresses">
      Addresses: {findings.map((id) => CATALOG[id]?.title ?? id).join('; ')}
    </div>
  );
}

/** The snippet the admin was shown with a ticked step, as signed: collapsed, monospace. */
function ShownSnippet({ snippet }: { snippet: RecordSnippet }) {
  return (
    <details className="rsnippet" data-testid="step-snippet">
      <summary>
        Snippet shown: {snippet.title} ({snippet.where})
      </summary>
      <pre className="mono">{snippet.code}</pre>
    </details>
  );
}

export function RecordBodyView({ body }: { body: RecordDraft }) {
  const s = body.server;
  const product = s.product && s.product.name !== 'unknown' ? `${s.product.name}${s.product.version ? ` ${s.product.version}` : ''}` : 'Not identified';
  const findings = failingFindings(body);
  const v = body.verification;
  const doneSteps = body.checklist.steps.filter((x) => x.done);
  const undone = body.checklist.steps.filter((x) => !x.done);
  const notTicked = body.checklist.notTicked ?? [];

  return (
    <div className="rbody" data-testid="record-body">
      <dl className="rfacts">
        <div>
          <dt>Server</dt>
          <dd className="mono">
            {serverKey(s)}
          </dd>
        </div>
        <div>
          <dt>Product</dt>
          <dd>
            {product}
            {s.protocol ? `, ${PROTOCOL_LABEL[s.protocol]}` : ''}
          </dd>
        </div>
        <div>
          <dt>AE title</dt>
          <dd className="mono">{s.calledAe ?? '—'}</dd>
        </div>
        <div>
          <dt>Checked from</dt>
          <dd>
            {body.vantage.label}
            {body.vantage.untrusted ? ' (untrusted network)' : ''}
          </dd>
        </div>
        <div>
          <dt>Outcome</dt>
          <dd>
            <OutcomeBadge passed={v?.passed ?? null} />
          </dd>
        </div>
        <div>
          <dt>Maintenance window</dt>
          <dd>{body.maintenanceWindow ? `${body.maintenanceWindow.name} (${formatWhen(body.maintenanceWindow.startsAt)})` : 'none'}</dd>
        </div>
      </dl>
      {body.note ? (
        <p className="rnote">
          <span className="label-inline">Note by {body.operator.name || 'the signer'}:</span> {body.note}
        </p>
      ) : null}

      <Section title={`Findings before the fix (scan of ${formatWhen(body.before.at)})`} testId="record-findings">
        {findings.length === 0 ? (
          <p className="hint">No check above info failed.</p>
        ) : (
          <ul className="rlist">
            {findings.map((f) => (
              <li key={f.id}>
                <SeverityBadge severity={f.severity} /> <strong>{f.title}</strong> <code className="check-id">{f.id}</code>
                <div className="rlist-sub">{f.summary}</div>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={`What was done: ${stepsLine(body)}`} testId="record-steps">
        {body.checklist.steps.length === 0 ? (
          <p className="hint">No checklist step was ticked.</p>
        ) : (
          <ul className="rlist">
            {[...doneSteps, ...undone].map((st) => (
              <li key={st.id} data-done={st.done ? 'true' : 'false'}>
                <span className={`rstep-mark${st.done ? ' done' : ''}`} aria-hidden="true">
                  {st.done ? '✓' : '○'}
                </span>
                <StepWords format={body.format} step={st} />
                <Addresses findings={st.findings} />
                <div className="rlist-sub">
                  {st.done ? 'Done' : 'Marked not done'} by {st.by}, {formatWhen(st.at)}
                  {st.note ? ` — ${st.note}` : ''}
                </div>
                {st.done && st.snippet ? <ShownSnippet snippet={st.snippet} /> : null}
              </li>
            ))}
          </ul>
        )}
        {notTicked.length > 0 ? (
          <div data-testid="record-not-ticked">
            <h4 className="rsection-sub">Steps never ticked</h4>
            <ul className="rlist">
              {notTicked.map((st) => (
                <li key={st.id} data-done="never">
                  <span className="rstep-mark" aria-hidden="true">
                    –
                  </span>
                  <span>{st.text}</span> <code className="check-id">{st.id}</code>
                  <Addresses findings={st.findings} />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Section>

      <Section title="Manual controls attested" testId="record-attestations">
        {body.attestations.length === 0 ? (
          <p className="hint">None attested.</p>
        ) : (
          <ul className="rlist">
            {body.attestations.map((a) => (
              <li key={a.id} data-attested={a.attested ? 'true' : 'false'}>
                <span className={`rstep-mark${a.attested ? ' done' : ''}`} aria-hidden="true">
                  {a.attested ? '✓' : '✕'}
                </span>
                <strong>{a.title}</strong>: {a.attested ? 'attested' : 'withdrawn'}
                <div className="rlist-sub">
                  By {a.by}, {formatWhen(a.at)} — {a.note}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={v ? `Re-check after the fix (${formatWhen(v.at)})` : 'Re-check after the fix'} testId="record-verification">
        {v ? (
          <>
            <p className="rverify-line">
              From {v.vantage.label}
              {v.vantage.untrusted ? ' (untrusted network)' : ''}: <VerdictChips counts={v.counts} />
            </p>
            {v.unreachable ? <p className="hint">{sentence(v.unreachable)}</p> : null}
            <table className="rtable">
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {v.checks.map((c) => (
                  <tr key={c.id} data-check={c.id} data-verdict={c.verdict}>
                    <td>
                      {c.title} <code className="check-id">{c.id}</code>
                    </td>
                    <td>
                      <StatusBadge status={c.before} />
                    </td>
                    <td>
                      <StatusBadge status={c.after} />
                    </td>
                    <td>
                      <VerdictBadge verdict={c.verdict} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="rwarn">Never re-checked: this record will say plainly that the fix is not proven.</p>
        )}
      </Section>
      {body.internet ? (
        <Section title="Seen from the internet" testId="record-internet">
          {body.internet.closures.length === 0 ? (
            <p className="hint">No closure seen from the internet was attached to this server.</p>
          ) : (
            <ul className="rlist">
              {body.internet.closures.map((c) => (
                <li key={c.seq} data-testid="record-internet-closure">
                  <span>{closureLine(c)}</span>
                  <div className="rlist-sub">
                    Attached by {c.attachedBy}, {formatWhen(c.attachedAt)}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}
      <p className="hint rtool">
        Made by {body.tool.name} {body.tool.version}. Format {body.format}.
      </p>
    </div>
  );
}
