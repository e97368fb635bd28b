/**
 * The `exposure.internet` finding from imported Censys/Shodan/nmap observations (issue
 * 13), beside the inside scan's checks: shown only when an import saw this host:port
 * (or the public address mapped to it). The scan's own checks are left as they are.
 */
import { useEffect, useState } from 'react';
import type { CheckResult } from '../../../shared/types';
import { call } from '../../bridge';
import { AttachClosure } from '../internet/AttachClosure';
import { CheckCard } from './CheckCard';

export function InternetFinding({ host, port }: { host: string; port: number }) {
  const [check, setCheck] = useState<CheckResult | null>(null);
  useEffect(() => {
    let live = true;
    void call((api) => api.internet.finding({ host, port })).then((r) => {
      if (live) setCheck(r.ok ? r.value.check : null);
    });
    return () => {
      live = false;
    };
  }, [host, port]);
  if (!check) return null;
  // Closed as seen from the internet (issue 13): the evidence can go into the server's next record.
  const ev = check.evidence as { publicHost?: unknown; closedOutside?: { at?: unknown } };
  const closedAt = check.status === 'pass' && typeof ev.closedOutside?.at === 'string' ? ev.closedOutside.at : null;
  return (
    <section aria-labelledby="internet-finding-title" className="checks" data-testid="internet-finding">
      <h2 id="internet-finding-title" className="section-title">
        Seen from the internet (imported)
      </h2>
      <CheckCard check={check} />
      {closedAt !== null && typeof ev.publicHost === 'string' ? (
        <p className="hint" data-testid="internet-finding-attach">
          <AttachClosure publicHost={ev.publicHost} port={port} insideHost={host} closedAt={closedAt} />
        </p>
      ) : null}
    </section>
  );
}
