/** Server: what one service is, and every check on it with evidence and ATT&CK techniques. */
import { useMemo, type ReactNode } from 'react';
import { ATTACK_DATA_VERSION } from '../../../shared/attack';
import { ATTACK_NOTICE } from '../../../shared/catalog';
import { RiskBadge } from '../../components/Badges';
import { EmptyState } from '../../components/EmptyState';
import { ScreenHead } from '../../components/ScreenHead';
import { TlsProfilePanel } from '../../components/TlsProfilePanel';
import { useAppStore } from '../../store';
import { checkTitle, orderChecks, STATUS_LABEL, statusCounts } from '../../store/selectors/checks';
import { serviceKey } from '../../store/selectors/hosts';
import { PROTOCOL_LABEL } from '../../store/selectors/servers';
import { riskOf } from '../../store/selectors/risk';
import { CheckCard } from './CheckCard';
import { PeersPanel } from '../../components/PeersPanel';
import { protocolBasisFact, splitChecks } from './facts';
import { whyItMatters } from './why';
import { InternetFinding } from './InternetFinding';

const SOURCE_LABEL = { user: 'given by you', inventory: 'from the inventory file', guess: 'a common title that worked' } as const;

export function ServerScreen() {
  const services = useAppStore((s) => s.report.data?.services);
  const selectedKey = useAppStore((s) => s.selectedKey);
  const go = useAppStore((s) => s.go);
  const openRemediation = useAppStore((s) => s.openRemediation);
  const service = useMemo(() => services?.find((s) => serviceKey(s) === selectedKey), [services, selectedKey]);
  const vantage = useAppStore((s) => s.report.data?.scan.vantage);
  const inventory = useAppStore((s) => s.inventory.nodes);
  const { shown, notApplicable } = useMemo(() => splitChecks(orderChecks(service?.checks ?? [])), [service]);

  if (!service) {
    return (
      <div className="screen">
        <ScreenHead title="Server" />
        <div className="panel">
          <EmptyState
            title="No server chosen"
            action={
              <button type="button" className="btn btn-primary" onClick={() => go('servers')}>
                Go to Servers
              </button>
            }
          >
            Choose a server in the Servers list to see its checks, the evidence behind each and what to look at first.
          </EmptyState>
        </div>
      </div>
    );
  }

  const risk = riskOf(service);
  const counts = statusCounts(service.checks);
  const p = service.product;
  const productName = p?.name && p.name !== 'unknown' ? p.name : 'Not identified';
  const facts: [string, ReactNode][] = [
    ['Risk', <RiskBadge key="r" level={risk.level} />],
    ['Port state', service.state],
    ['Protocol', service.protocol ? PROTOCOL_LABEL[service.protocol] : '—'],
  ];
  const basis = protocolBasisFact(service);
  if (basis) facts.push(basis);
  facts.push(
    ['Product', productName],
    ['Version', p?.version ?? '—'],
    ['AE title', service.calledAe ? `${service.calledAe} (${SOURCE_LABEL[service.calledAeSource ?? 'guess']})` : 'none accepted'],
  );
  if (p?.implementationVersionName) facts.push(['Implementation version name', p.implementationVersionName]);
  if (p?.implementationClassUid) facts.push(['Implementation class UID', p.implementationClassUid]);

  return (
    <div className="screen">
      <div>
        <button type="button" className="btn-link" onClick={() => go('servers')}>
          ← All servers
        </button>
      </div>
      <ScreenHead
        title={serviceKey(service)}
        actions={
          service.state === 'open' ? (
            <button type="button" className="btn btn-primary" onClick={() => openRemediation({ host: service.host, port: service.port })}>
              Fix this server
            </button>
          ) : undefined
        }
      >
        {productName === 'Not identified' ? 'Unidentified service' : `${productName}${p?.version ? ` ${p.version}` : ''}`}
        {service.protocol && service.protocol !== 'unknown' ? ` speaking ${PROTOCOL_LABEL[service.protocol]}` : ''}.{' '}
        {risk.failing > 0
          ? `${risk.failing} ${risk.failing === 1 ? 'check fails' : 'checks fail'}; start with the most severe.`
          : 'No check above info fails.'}
      </ScreenHead>

      <TlsProfilePanel checks={service.checks} />

      <section className="panel" aria-label="About this server">
        <dl className="facts">
          {facts.map(([label, value]) => (
            <div key={label} className="fact">
              <dt>{label}</dt>
              <dd className={label.includes('UID') || label === 'AE title' ? 'mono' : undefined}>{value}</dd>
            </div>
          ))}
        </dl>
        <div className="fact-counts" aria-label="Checks by status">
          {(Object.keys(counts) as (keyof typeof counts)[])
            .filter((k) => counts[k] > 0)
            .map((k) => (
              <span key={k} className="hint">
                {counts[k]} {STATUS_LABEL[k].toLowerCase()}
              </span>
            ))}
        </div>
      </section>

      <InternetFinding host={service.host} port={service.port} />

      <section aria-labelledby="checks-title" className="checks">
        <h2 id="checks-title" className="section-title">
          Checks
        </h2>
        {shown.length === 0 && notApplicable.length === 0 ? (
          <div className="panel">
            <EmptyState title="No checks for this port">
              The port is {service.state}; checks run only on services that answer.
            </EmptyState>
          </div>
        ) : (
          shown.map((c) => <CheckCard key={c.id} check={c} why={whyItMatters(c.id, service, vantage, inventory)} />)
        )}
        {notApplicable.length > 0 ? (
          // What did not apply to this service is one line; its cards are one click away.
          <details className="not-applicable" data-testid="not-applicable">
            <summary>
              {notApplicable.length} {notApplicable.length === 1 ? 'check' : 'checks'} not applicable to this service:{' '}
              <span className="hint">{notApplicable.map((c) => checkTitle(c.id)).join(', ')}</span>
            </summary>
            <div className="checks">
              {notApplicable.map((c) => (
                <CheckCard key={c.id} check={c} />
              ))}
            </div>
          </details>
        ) : null}
      </section>

      {/* Who calls this server, learned from its logs (issue 14): after the findings, before the fix. */}
      <PeersPanel server={{ host: service.host, port: service.port }} />

      <footer className="attack-notice">
        ATT&amp;CK technique names and descriptions from MITRE {ATTACK_DATA_VERSION}, shipped with the app. {ATTACK_NOTICE}
      </footer>
    </div>
  );
}
