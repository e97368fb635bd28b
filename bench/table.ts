/** The benchmark's report on stdout: one summary table, then the details behind it. */
import type { Agreement } from './compare';
import type { ScaleRow } from './scale';
import { mib, secs, times } from './stats';
import type { StoreResult } from './store-bench';
import type { SetResult } from './versus';
import type { WarmRow } from './warm';

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
}

function grid(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [pad(head, widths), pad(widths.map((w) => '-'.repeat(w)), widths), ...rows.map((r) => pad(r, widths))];
}

/** Disagreements on port state over every round (must be none). */
function stateDiffs(a: Agreement[]): number {
  return a.reduce((n, x) => n + x.stateDisagreements.length + x.missing.length, 0);
}

function dicomDiffs(a: Agreement[]): number {
  return a.reduce((n, x) => n + x.dicom.disagree.length, 0);
}

export function renderReport(sets: SetResult[], scaleRows: ScaleRow[], store: StoreResult | undefined, notes: string[], warm: WarmRow[] = []): string {
  const out: string[] = [];
  if (warm.length > 0) {
    const nmapOf = (set: string): number | undefined => sets.find((s) => s.name.startsWith(`${set} (`))?.medians.nmap;
    out.push('Warm engine: scans through the app\'s services layer in this process, engine loaded (what the admin waits for in the app);');
    out.push('start to scan:finished, and to the first finding; speedup = nmap dicom-ping (process) / warm scan.');
    out.push('');
    out.push(
      ...grid(
        ['target set', 'profile', 'warm scan', 'first finding', 'nmap', 'speedup', 'failures'],
        warm.map((w) => {
          const n = nmapOf(w.set);
          return [
            w.set,
            w.profile,
            `${secs(w.medianMs)} s`,
            w.medianFirstFindingMs === undefined ? '-' : `${secs(w.medianFirstFindingMs)} s`,
            n === undefined ? '-' : `${secs(n)} s`,
            n === undefined ? '-' : times(n / w.medianMs),
            String(w.failures.length),
          ];
        }),
      ),
    );
    out.push('');
  }
  if (sets.length > 0) {
    out.push('Collimator (whole CLI; "(discovery)": --profile discovery, like for like; "(full)": every DICOM/TLS/web check) vs nmap -Pn -n -sT --script +dicom-ping, same hosts and ports;');
    out.push(`median wall time of ${sets[0]!.rounds} alternated rounds, processes timed from outside. speedup = nmap time / Collimator time.`);
    // The profile is in each set's name; the other options are the same for all.
    const extra = sets[0]!.collimatorArgs.filter((a, i, all) => a !== '--profile' && all[i - 1] !== '--profile');
    out.push(extra.length ? `Collimator ran with: ${extra.join(' ')}` : 'Collimator ran with its default options.');
    out.push('');
    out.push(
      ...grid(
        ['target set', 'hosts x ports', 'collimator', 'nmap', 'nmap -T4', 'speedup', 'speedup -T4', 'goal', 'met', 'state diffs', 'DICOM diffs', 'AE right: col / nmap'],
        sets.map((s) => {
          const a = s.agreement[s.agreement.length - 1];
          return [
            s.name,
            `${s.hosts} x ${s.ports.length}`,
            `${secs(s.medians.collimator)} s`,
            `${secs(s.medians.nmap)} s`,
            `${secs(s.medians['nmap-T4'])} s`,
            times(s.speedup.vsNmap),
            times(s.speedup.vsNmapT4),
            s.goal === '5x' ? '>=5x' : s.goal === '3x' ? '>=3x' : s.goal === 'none' ? '-' : '>1x',
            s.goalMet === undefined ? '-' : s.goalMet ? 'yes' : 'NO',
            String(stateDiffs([...s.agreement, ...s.agreementT4])),
            String(dicomDiffs([...s.agreement, ...s.agreementT4])),
            a ? `${a.ae.collimator.right} / ${a.ae.nmap.right} of ${a.ae.collimator.questions}` : '-',
          ];
        }),
      ),
    );
    for (const s of sets) {
      out.push('', `== ${s.name}: ${s.description}`);
      for (const [tool, r] of Object.entries(s.runs)) {
        const rss = r.peakRss.length ? `, peak RSS ${mib(Math.max(...r.peakRss))} MiB` : '';
        const cpu = r.cpuMs.length ? `, CPU ${secs(r.cpuMs.reduce((x, y) => x + y, 0) / r.cpuMs.length)} s avg` : '';
        out.push(`   ${tool.padEnd(10)} runs: ${r.wallMs.map((w) => secs(w)).join(' ')} s${cpu}${rss}${r.failures.length ? `; FAILURES: ${r.failures.join(' | ')}` : ''}`);
      }
      const all = [...s.agreement, ...s.agreementT4];
      const diffs = all.flatMap((a) => [
        ...a.stateDisagreements.map((d) => `state ${d.host}:${d.port} nmap=${d.nmap} collimator=${d.collimator}`),
        ...a.missing.map((m) => `missing ${m.host}:${m.port} from ${m.from}`),
        ...a.dicom.disagree.map((d) => `DICOM? ${d.host}:${d.port} nmap=${d.nmap} collimator=${d.collimator}`),
      ]);
      const uniq = [...new Set(diffs)];
      out.push(`   compared ${all[0]?.compared ?? 0} host:port pairs x ${all.length} run pairs; disagreements: ${uniq.length === 0 ? 'none' : ''}`);
      for (const d of uniq.slice(0, 20)) out.push(`     ${d}`);
      if (uniq.length > 20) out.push(`     ... ${uniq.length - 20} more (see the JSON)`);
      const a = s.agreement[s.agreement.length - 1];
      if (!a) continue;
      if (a.ae.rows.length) {
        out.push(`   AE policy (unknown caller): right answers Collimator ${a.ae.collimator.right}, wrong ${a.ae.collimator.wrong}, unknown ${a.ae.collimator.unknown}; nmap ${a.ae.nmap.right}, wrong ${a.ae.nmap.wrong}, unknown ${a.ae.nmap.unknown} (of ${a.ae.collimator.questions})`);
        const seen = new Set<string>();
        for (const r of a.ae.rows) {
          const line = `${r.label}: truth calling=${r.truth.calling ?? '?'} called=${r.truth.called ?? '?'} | nmap "${r.nmap.said}" | collimator calling=${r.collimator.calling} called=${r.collimator.called}${r.collimator.reason ? ` (${r.collimator.reason})` : ''}`;
          if (seen.has(line)) continue;
          seen.add(line);
          out.push(`     ${line}`);
        }
      }
      const e = a.extras;
      out.push(`   Collimator also reports: ${e.rejectReasons.length} rejection reasons decoded, ${e.dicomTls.length} DICOM TLS port(s)${e.dicomTls.length ? ` (${e.dicomTls.join(', ')})` : ''}, ${e.web.length} web service(s), products ${JSON.stringify(e.products)}`);
      out.push(`     failing checks: ${Object.entries(e.fails).map(([k, v]) => `${k} x${v}`).join(', ') || 'none'}`);
    }
  }
  if (scaleRows.length > 0) {
    out.push('', 'Scale: collimator scan of loopback blocks on the 10 default ports (nothing listens: every dial is refused)');
    out.push(
      ...grid(
        ['block', 'addresses', 'dials', 'wall', 'CPU', 'dials/s', 'peak RSS', 'ok'],
        scaleRows.map((r) => [r.block, String(r.addresses), String(r.dials), `${secs(r.wallMs)} s`, r.cpuMs === undefined ? '-' : `${secs(r.cpuMs)} s`, r.dialsPerSecond.toFixed(0), r.peakRss === undefined ? '-' : `${mib(r.peakRss)} MiB`, r.ok ? 'yes' : `NO ${r.error ?? ''}`]),
      ),
    );
  }
  if (store) {
    out.push('', `Store: ${store.checks} check results in ${store.services} services (one transaction per service, as a scan saves)`);
    out.push(`   insert ${secs(store.insertMs)} s, read the whole scan back ${secs(store.getScanMs)} s, list scans ${store.listScansMs.toFixed(1)} ms, 1000 latest-service lookups ${store.latestServiceMs.toFixed(1)} ms, file ${mib(store.dbBytes ?? Number.NaN)} MiB`);
  }
  if (notes.length) out.push('', ...notes.map((n) => `note: ${n}`));
  return `${out.join('\n')}\n`;
}
