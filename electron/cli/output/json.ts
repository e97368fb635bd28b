/**
 * The `scan --json` document (../shared/spec/cli.md): exactly one JSON value on stdout,
 * `tool`, `scan`, `services`, `summary`. Field names are a public contract; the
 * ScanReport type is that contract, so the document is the report itself.
 */
import type { ScanReport } from '../../../shared/types';

/**
 * The report as the JSON text to print (one document, newline-terminated).
 * Without `all`, only open services are listed, whatever the engine handed back.
 */
export function renderJson(report: ScanReport, opts: { all: boolean }): string {
  const services = opts.all ? report.services : report.services.filter((s) => s.state === 'open');
  const doc: ScanReport = { tool: report.tool, scan: report.scan, services, summary: report.summary };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
