/**
 * The Internet view (issue 13): import Censys, Shodan or nmap XML exports (pick or drop
 * files; they are sent to the main process in pieces and parsed there as a stream, with
 * progress), then the reconcile table: each host:port seen from outside and inside,
 * outside only, inside only, its age, stale, closed as seen from the internet; public
 * addresses mapped to inside ones; the table as CSV. An import never starts a scan.
 * The table itself (virtualised, searchable) is ReconcileTable.tsx.
 */
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { InternetView } from '../../../shared/internet';
import { IMPORT_CHUNK_BYTES, MAX_APP_IMPORT_BYTES } from '../../../shared/internet';
import { bridge, call } from '../../bridge';
import { EmptyState } from '../../components/EmptyState';
import { Notice } from '../../components/Notice';
import { ProgressBar } from '../../components/ProgressBar';
import { ScreenHead } from '../../components/ScreenHead';
import { saveText } from '../records/download';
import { phaseAfterProgress, type ImportPhase } from './importPhase';
import { ReconcileTable } from './ReconcileTable';

const fmt = new Intl.NumberFormat('en-US');

function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function InternetScreen() {
  const id = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [format, setFormat] = useState<'auto' | 'censys' | 'shodan' | 'nmap'>('auto');
  const [strict, setStrict] = useState(false);
  const [phase, setPhase] = useState<ImportPhase>({ kind: 'idle' });
  const [view, setView] = useState<InternetView | null>(null);
  const [viewError, setViewError] = useState<string | null>(null);
  const [staleDays, setStaleDays] = useState(30);
  const [mapPublic, setMapPublic] = useState('');
  const [mapInside, setMapInside] = useState('');
  const [mapError, setMapError] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  // The import being read, cleared the moment its answer is in (before React re-renders).
  const running = useRef<string | null>(null);
  const [inputKey, setInputKey] = useState(0);

  const load = useCallback(async () => {
    const r = await call((api) => api.internet.view({ staleDays }));
    if (r.ok) {
      setView(r.value);
      setViewError(null);
    } else setViewError(r.error.message);
  }, [staleDays]);

  useEffect(() => {
    void load();
  }, [load]);
  const reload = useCallback(() => void load(), [load]);

  useEffect(() => {
    const api = bridge();
    if (!api || !importId) return undefined;
    return api.internet.onProgress((p) => {
      const reading = running.current;
      setPhase((prev) => phaseAfterProgress(prev, p, reading));
    });
  }, [importId]);

  const busy = phase.kind === 'sending' || phase.kind === 'reading';

  const runImport = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (files.length === 0) {
      setPhase({ kind: 'error', message: 'Choose or drop a file first.' });
      return;
    }
    const big = files.find((f) => f.size > MAX_APP_IMPORT_BYTES);
    if (big) {
      setPhase({ kind: 'error', message: `${big.name} is larger than 1 GiB: import it with collimator import.` });
      return;
    }
    const newId = crypto.randomUUID();
    running.current = null;
    setImportId(newId);
    const total = files.reduce((n, f) => n + f.size, 0);
    setPhase({ kind: 'sending', percent: 0, words: 'Sending the files to Collimator…' });
    const begun = await call((api) => api.internet.importBegin({ importId: newId, files: files.map((f) => ({ name: f.name, size: f.size })), format, strict }));
    if (!begun.ok) {
      setPhase({ kind: 'error', message: begun.error.message });
      return;
    }
    let sent = 0;
    for (const [fileIndex, f] of files.entries()) {
      for (let offset = 0; offset < f.size; offset += IMPORT_CHUNK_BYTES) {
        const piece = new Uint8Array(await f.slice(offset, Math.min(f.size, offset + IMPORT_CHUNK_BYTES)).arrayBuffer());
        const r = await call((api) => api.internet.importChunk({ importId: newId, fileIndex, offset, data: bytesToBase64(piece) }));
        if (!r.ok) {
          setPhase({ kind: 'error', message: r.error.message });
          void call((api) => api.internet.importCancel({ importId: newId }));
          return;
        }
        sent += piece.length;
        setPhase({ kind: 'sending', percent: Math.floor((sent / total) * 100), words: `Sending ${f.name}…` });
      }
    }
    running.current = newId;
    setPhase({ kind: 'reading', percent: 0, words: 'Reading…' });
    const done = await call((api) => api.internet.importFinish({ importId: newId }));
    running.current = null;
    setImportId(null);
    if (!done.ok) {
      setPhase({ kind: 'error', message: done.error.message });
      return;
    }
    setPhase({ kind: 'done', result: done.value });
    setFiles([]);
    setInputKey((k) => k + 1);
    await load();
  };

  const cancel = (): void => {
    if (importId) void call((api) => api.internet.importCancel({ importId }));
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setFiles(Array.from(e.dataTransfer.files));
  };

  const downloadCsv = async (): Promise<void> => {
    const r = await call((api) => api.internet.exportCsv({ staleDays }));
    if (r.ok) saveText(r.value.fileName, r.value.text);
    else setViewError(r.error.message);
  };

  const addMapping = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await call((api) => api.internet.mapSet({ publicHost: mapPublic.trim(), insideHost: mapInside.trim() }));
    if (!r.ok) {
      setMapError(r.error.message);
      return;
    }
    setMapError(null);
    setMapPublic('');
    setMapInside('');
    await load();
  };

  const removeMapping = async (publicHost: string): Promise<void> => {
    await call((api) => api.internet.mapRemove({ publicHost }));
    await load();
  };

  const rows = view?.rows ?? [];
  return (
    <div className="screen" data-testid="internet-screen">
      <ScreenHead
        title="Internet view"
        actions={
          <button type="button" className="btn" onClick={() => void downloadCsv()} disabled={!view} data-testid="internet-csv">
            Download CSV
          </button>
        }
      >
        What Censys, Shodan or an nmap run from outside saw, beside your own scans. Importing never scans anything.
      </ScreenHead>

      <form className="panel internet-import" aria-labelledby={`${id}-import`} onSubmit={(e) => void runImport(e)} noValidate data-testid="internet-import" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <div className="panel-head">
          <h2 id={`${id}-import`}>Import an export</h2>
        </div>
        <div className="panel-body inv-import">
          <p className="hint">Censys host documents (JSON Lines or a JSON array), a Shodan download (.json or .json.gz), or nmap XML (-oX). Drop files here or choose them. Nothing is half-imported: a file that is unsafe or unreadable is refused whole.</p>
          <div className="field">
            <label htmlFor={`${id}-file`}>Export files</label>
            <input key={inputKey} id={`${id}-file`} type="file" multiple accept=".json,.jsonl,.gz,.xml,application/json,application/gzip,text/xml" onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-format`}>Format</label>
            <select id={`${id}-format`} className="select" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
              <option value="auto">Detect</option>
              <option value="censys">Censys</option>
              <option value="shodan">Shodan</option>
              <option value="nmap">nmap XML</option>
            </select>
          </div>
          <label className="check">
            <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} />
            <span>
              Strict
              <small>Refuse the whole import on any bad record, instead of skipping it.</small>
            </span>
          </label>
          <div>
            <button type="submit" className="btn btn-primary" disabled={busy || files.length === 0}>
              {busy ? 'Importing…' : files.length > 1 ? `Import ${files.length} files` : 'Import'}
            </button>{' '}
            {busy ? (
              <button type="button" className="btn" onClick={cancel}>
                Cancel
              </button>
            ) : null}
          </div>
          {busy ? (
            <div data-testid="internet-progress" role="status">
              <ProgressBar percent={phase.percent} label="Import progress" />
              <span className="hint">{phase.words}</span>
            </div>
          ) : null}
          {phase.kind === 'error' ? (
            <Notice tone="error" title="Nothing was imported." testId="internet-import-error">
              {phase.message}
            </Notice>
          ) : null}
          {phase.kind === 'done' ? (
            <Notice tone="success" title={`Imported ${fmt.format(phase.result.imported)} observations (${phase.result.format ?? 'unknown'}).`} testId="internet-import-done">
              Read {fmt.format(phase.result.read)} records, skipped {fmt.format(phase.result.skipped)}.
              {phase.result.problems.length > 0 ? (
                <ul>
                  {phase.result.problems.slice(0, 20).map((p, i) => (
                    <li key={i}>
                      {p.at}: {p.reason}
                    </li>
                  ))}
                </ul>
              ) : null}
            </Notice>
          ) : null}
        </div>
      </form>

      <section className="panel" aria-labelledby={`${id}-table`}>
        <div className="panel-head">
          <h2 id={`${id}-table`}>Reconcile</h2>
          <label className="hint">
            Stale after{' '}
            <input type="number" className="input internet-stale" min={1} max={36500} value={staleDays} onChange={(e) => setStaleDays(Math.max(1, Math.floor(Number(e.target.value) || 30)))} aria-label="Stale after days" /> days
          </label>
        </div>
        <div className="panel-body">
          {viewError ? (
            <Notice tone="error" title="The Internet view could not be loaded.">
              {viewError}
            </Notice>
          ) : null}
          {rows.length === 0 ? (
            <EmptyState title="Nothing to reconcile yet">Import an export of Censys, Shodan or nmap, and scan your own network, to see both views side by side.</EmptyState>
          ) : (
            <ReconcileTable rows={rows} onChanged={reload} />
          )}
        </div>
      </section>

      <section className="panel" aria-labelledby={`${id}-map`}>
        <div className="panel-head">
          <h2 id={`${id}-map`}>NAT: public address → inside address</h2>
        </div>
        <form className="panel-body internet-nat" onSubmit={(e) => void addMapping(e)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-pub`}>Public address</label>
            <input id={`${id}-pub`} value={mapPublic} onChange={(e) => setMapPublic(e.target.value)} className="input mono" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-in`}>Inside address</label>
            <input id={`${id}-in`} value={mapInside} onChange={(e) => setMapInside(e.target.value)} className="input mono" />
          </div>
          <button type="submit" className="btn">
            Map
          </button>
          {mapError ? (
            <Notice tone="error" title="Not mapped.">
              {mapError}
            </Notice>
          ) : null}
          {view && view.mappings.length > 0 ? (
            <ul data-testid="internet-mappings">
              {view.mappings.map((m) => (
                <li key={m.publicHost} className="mono">
                  {m.publicHost} → {m.insideHost}{' '}
                  <button type="button" className="btn" onClick={() => void removeMapping(m.publicHost)}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </form>
      </section>
    </div>
  );
}
