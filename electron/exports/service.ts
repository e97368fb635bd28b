/**
 * Exports for other tools (issue 13): the ATT&CK Navigator layer and the DefectDojo
 * import file, as text, for `collimator export` and the app's `exports:*` channels.
 * Reads the store only.
 */
import type { ExportFile, ExportFormat, ExportRequest } from '../../shared/exports';
import type { Store } from '../store';
import { defectDojoReport } from './defectdojo';
import { collectFindings, type ExportData } from './findings';
import { navigatorLayer } from './navigator';

export { ExportError } from './errors';
export { collectFindings, type ExportData, type ExportFinding, type ExportServer } from './findings';

export interface ExportsService {
  navigator(req?: ExportRequest): ExportFile;
  defectdojo(req?: ExportRequest): ExportFile;
}

/** The file of `format` for what `req` names; throws ExportError (`not-found`) for an unknown scan or an empty database. */
export function buildExport(store: Store, format: ExportFormat, req: ExportRequest, opts: { toolVersion: string; exportedAt?: string }): ExportFile {
  const exportedAt = opts.exportedAt ?? new Date().toISOString();
  const data: ExportData = collectFindings(store, req);
  const doc = format === 'navigator' ? navigatorLayer(data, { toolVersion: opts.toolVersion, exportedAt }) : defectDojoReport(data, { toolVersion: opts.toolVersion, exportedAt });
  const day = exportedAt.slice(0, 10);
  const open = data.findings.filter((f) => f.status === 'open').length;
  return {
    fileName: format === 'navigator' ? `collimator-attack-layer-${day}.json` : `collimator-defectdojo-${day}.json`,
    mediaType: 'application/json',
    text: `${JSON.stringify(doc, null, 2)}\n`,
    servers: data.servers.length,
    open,
    fixed: data.findings.length - open,
  };
}

export function createExportsService(store: Store, toolVersion: string): ExportsService {
  return {
    navigator: (req = {}) => buildExport(store, 'navigator', req, { toolVersion }),
    defectdojo: (req = {}) => buildExport(store, 'defectdojo', req, { toolVersion }),
  };
}
