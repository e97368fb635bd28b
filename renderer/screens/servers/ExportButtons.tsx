/**
 * Exports for other tools (issue 13) on the Servers screen: an ATT&CK Navigator layer and a
 * DefectDojo import file of every server's newest results (the same files as `collimator
 * export`). Main builds the text; the page hands it to the download (records/download.ts).
 */
import { useState, type ReactNode } from 'react';
import type { ExportFile, ExportFormat } from '../../../shared/exports';
import { call } from '../../bridge';
import { sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { saveText } from '../records/download';

const LABELS: Record<ExportFormat, { button: string; what: string }> = {
  navigator: { button: 'Export ATT&CK Navigator layer', what: 'ATT&CK Navigator layer' },
  defectdojo: { button: 'Export to DefectDojo', what: 'DefectDojo import file' },
};

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** The two buttons (for ScreenHead's actions). */
export function ExportButtons({ busy, onExport }: { busy: ExportFormat | null; onExport: (format: ExportFormat) => void }) {
  return (
    <>
      {(['navigator', 'defectdojo'] as const).map((format) => (
        <button key={format} type="button" className="btn" disabled={busy !== null} onClick={() => onExport(format)} title="Every server as its newest scans and re-checks show it">
          {busy === format ? 'Exporting…' : LABELS[format].button}
        </button>
      ))}
    </>
  );
}

/** State of the exports: which one runs, and what the last one said. */
export function useExports(): { busy: ExportFormat | null; notice: ReactNode; run: (format: ExportFormat) => void } {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [result, setResult] = useState<{ format: ExportFormat; file?: ExportFile; error?: string } | null>(null);
  const run = (format: ExportFormat): void => {
    setBusy(format);
    setResult(null);
    void call((api) => (format === 'navigator' ? api.exports.navigator({}) : api.exports.defectdojo({}))).then((r) => {
      setBusy(null);
      if (r.ok) {
        saveText(r.value.fileName, r.value.text, r.value.mediaType);
        setResult({ format, file: r.value });
      } else setResult({ format, error: r.error.message });
    });
  };
  const notice = !result ? null : result.error !== undefined ? (
    <Notice tone="error" title={`The ${LABELS[result.format].what} was not exported.`} testId="export-notice">
      {sentence(result.error)}
    </Notice>
  ) : result.file ? (
    <Notice tone="success" title={`Saved ${result.file.fileName}`} testId="export-notice">
      {LABELS[result.format].what}: {plural(result.file.servers, 'server')}, {plural(result.file.open, 'open finding')}, {result.file.fixed} fixed.
    </Notice>
  ) : null;
  return { busy, notice, run };
}
