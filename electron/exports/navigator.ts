/**
 * The ATT&CK Navigator layer (format 4.5, attack-navigator layers/LAYERFORMATv4_5.md):
 * one technique per ATT&CK id the catalog maps a finding's check to, scored by how many
 * open findings map to it, coloured by the highest severity among them, its comment and
 * metadata naming the servers. A technique whose findings are all fixed stays, score 0,
 * in the "nothing open" colour. Informational checks are never scored.
 */
import { ATTACK_TECHNIQUES, CATALOG, SEVERITIES, severityRank, type AttackTechniqueId, type Severity } from '../../shared/catalog';
import type { NavigatorLayer, NavigatorMetadata, NavigatorTechnique } from '../../shared/exports';
import { serverKey } from '../../shared/host';
import type { ExportData, ExportFinding } from './findings';

/** The Navigator release whose layer format 4.5 this follows ("must be at least 4.9.0"). */
export const NAVIGATOR_VERSION = '5.1.0';
/** The ATT&CK (enterprise) release the catalog's technique ids were checked against. */
export const ATTACK_VERSION = '16';

/** Colour of a technique by the highest severity open on it; `none`: its findings are all fixed. */
export const SEVERITY_COLORS: Readonly<Record<Exclude<Severity, 'info'> | 'none', string>> = {
  critical: '#b2182b',
  high: '#ef6548',
  medium: '#fdae61',
  low: '#fee08b',
  none: '#a6d96a',
};

/** Servers named in a technique's comment before "and N more" (the metadata lists more). */
const COMMENT_SERVERS = 20;
/** Servers listed one per metadata row. */
const METADATA_SERVERS = 100;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function technique(id: AttackTechniqueId, all: readonly ExportFinding[]): NavigatorTechnique {
  const open = all.filter((f) => f.status === 'open');
  const fixed = all.length - open.length;
  const top = open.reduce<Severity | undefined>((t, f) => (t === undefined || severityRank(f.severity) > severityRank(t) ? f.severity : t), undefined);
  // Servers with open findings, riskiest first, then in export order.
  const byServer = new Map<string, ExportFinding[]>();
  for (const f of open) {
    const k = serverKey(f.server);
    byServer.set(k, [...(byServer.get(k) ?? []), f]);
  }
  const servers = [...byServer.entries()].sort(
    (a, b) => Math.max(...b[1].map((f) => severityRank(f.severity))) - Math.max(...a[1].map((f) => severityRank(f.severity))),
  );
  const named = servers.slice(0, COMMENT_SERVERS).map(([k, fs]) => `${k} (${fs.map((f) => f.check).join(', ')})`);
  const more = servers.length - named.length;
  const comment =
    open.length === 0
      ? `${ATTACK_TECHNIQUES[id]}: no open finding; ${plural(fixed, 'finding')} fixed.`
      : `${ATTACK_TECHNIQUES[id]}: ${plural(open.length, 'open finding')} on ${plural(servers.length, 'server')}: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}.${fixed > 0 ? ` ${plural(fixed, 'finding')} fixed.` : ''}`;
  const checks = [...new Set(all.map((f) => f.check))];
  const metadata: NavigatorMetadata[] = [
    { name: 'open findings', value: String(open.length) },
    { name: 'servers with open findings', value: String(servers.length) },
    { name: 'fixed findings', value: String(fixed) },
    { name: 'checks', value: checks.map((c) => `${c} (${CATALOG[c].title})`).join('; ') },
    ...servers.slice(0, METADATA_SERVERS).map(([k, fs]) => ({ name: k, value: fs.map((f) => `${f.check} (${f.severity})`).join(', ') })),
  ];
  if (servers.length > METADATA_SERVERS) metadata.push({ name: 'more servers', value: String(servers.length - METADATA_SERVERS) });
  return { techniqueID: id, score: open.length, color: SEVERITY_COLORS[top === undefined || top === 'info' ? 'none' : top], comment, metadata };
}

/** The layer for `data`; `exportedAt` ISO-8601. */
export function navigatorLayer(data: ExportData, opts: { toolVersion: string; exportedAt: string }): NavigatorLayer {
  const byTechnique = new Map<AttackTechniqueId, ExportFinding[]>();
  for (const f of data.findings) {
    for (const t of CATALOG[f.check].attack) byTechnique.set(t, [...(byTechnique.get(t) ?? []), f]);
  }
  const techniques = [...byTechnique.entries()]
    .map(([id, fs]) => technique(id, fs))
    .sort((a, b) => b.score - a.score || (a.techniqueID < b.techniqueID ? -1 : 1));
  const open = data.findings.filter((f) => f.status === 'open').length;
  const maxScore = Math.max(1, ...techniques.map((t) => t.score));
  const scope = data.scanId !== undefined ? `as of scan ${data.scanId}` : `each as its newest scans and re-checks show it; ${plural(data.scans, 'scan')} read`;
  return {
    name: 'Collimator: open findings',
    versions: { layer: '4.5', navigator: NAVIGATOR_VERSION, attack: ATTACK_VERSION },
    domain: 'enterprise-attack',
    description: `ATT&CK techniques behind the findings of ${plural(data.servers.length, 'DICOM/web server')} (${scope}): score = open findings mapped to the technique, colour = the highest severity open. ${plural(open, 'open finding')}. Exported ${opts.exportedAt} by Collimator ${opts.toolVersion}.`,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ffffff', SEVERITY_COLORS.medium, SEVERITY_COLORS.critical], minValue: 0, maxValue: maxScore },
    legendItems: [
      ...[...SEVERITIES]
        .reverse()
        .filter((s): s is Exclude<Severity, 'info'> => s !== 'info')
        .map((s) => ({ label: `${s[0]!.toUpperCase()}${s.slice(1)}: highest severity open`, color: SEVERITY_COLORS[s] })),
      { label: 'Findings all fixed (nothing open)', color: SEVERITY_COLORS.none },
    ],
    metadata: [
      { name: 'exported', value: opts.exportedAt },
      { name: 'tool', value: `collimator ${opts.toolVersion}` },
      { name: 'servers', value: String(data.servers.length) },
      { name: 'open findings', value: String(open) },
      ...(data.scanId !== undefined ? [{ name: 'scan', value: data.scanId }] : []),
    ],
  };
}
