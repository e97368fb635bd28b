/**
 * Helpers of the remediation real-peer tests: a scan stored the way `collimator scan` stores
 * it (so verify compares with the latest scan in the database), and snippet lookup in a
 * rendered checklist.
 */
import { runScan, TOOL_VERSION } from '../../electron/engine/scan';
import type { ProbeOptions } from '../../electron/engine/types';
import type { Store } from '../../electron/store';
import type { CheckId } from '../../shared/catalog';
import type { RenderedChecklist, Snippet, VariantId } from '../../shared/playbooks';
import type { ServiceResult } from '../../shared/types';

/** Scan one host:port and store the scan; returns the service as found (throws if the port was not open). */
export async function scanAndStore(store: Store, host: string, port: number, options: ProbeOptions): Promise<ServiceResult> {
  let id = '';
  const report = await runScan(
    { targets: [host], ports: [port], options, includeClosed: true },
    {
      onStart: (m) => {
        id = m.id;
        store.beginScan({ id: m.id, startedAt: m.startedAt, vantage: options.vantage, targets: [host], ports: [port], toolVersion: TOOL_VERSION });
      },
      onService: (s) => store.saveService(id, s),
    },
  );
  store.finishScan(report.scan.id, report.scan.finishedAt, report.scan.cancelled === true);
  const s = report.services.find((x) => x.port === port);
  if (!s || s.state !== 'open') throw new Error(`peers: ${host}:${port} was not found open (${s?.state ?? 'not listed'})`);
  return s;
}

/** The snippet of a check's playbook variant, as the admin would copy it. */
export function snippetOf(c: RenderedChecklist, checkId: CheckId, variant: VariantId, snippetId: string): Snippet {
  const p = c.playbooks.find((x) => x.checkId === checkId);
  const v = p?.variants.find((x) => x.id === variant);
  const s = v?.steps.find((x) => x.snippet?.id === snippetId)?.snippet;
  if (!s) throw new Error(`no snippet ${snippetId} in ${checkId}/${variant}`);
  return s;
}

/** The failing checks whose playbook offers the snippet `snippetId` (what applying it is meant to fix). */
export function checksCoveredBy(c: RenderedChecklist, snippetId: string): CheckId[] {
  return c.playbooks
    .filter((p) => [...p.steps, ...p.variants.flatMap((v) => v.steps)].some((s) => s.snippet?.id === snippetId))
    .map((p) => p.checkId);
}

/** Status of a check in a service (throws when missing: a test must not pass on a missing check). */
export function statusOf(s: ServiceResult, id: CheckId): string {
  const c = s.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id} on ${s.host}:${s.port}`);
  return c.status;
}
