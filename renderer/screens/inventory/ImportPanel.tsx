/**
 * Import an inventory CSV: the file is read here as text and sent whole; main checks
 * every line and imports all of it or nothing, naming each bad line by its number.
 */
import { useId, useState, type FormEvent } from 'react';
import { sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';
import { INVENTORY_HEADER, MAX_INVENTORY_CHARS, MAX_INVENTORY_TEXT } from '../../../shared/inventory';
import { describeImport } from '../../store/selectors/inventory';

export function ImportPanel() {
  const id = useId();
  const inventory = useAppStore((s) => s.inventory);
  const importInventory = useAppStore((s) => s.importInventory);
  const showImportError = useAppStore((s) => s.showImportError);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [replace, setReplace] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  const onFile = async (f: File | undefined): Promise<void> => {
    setFile(null);
    showImportError(null);
    if (!f) return;
    if (f.size > MAX_INVENTORY_CHARS) {
      showImportError(`${f.name} is larger than ${MAX_INVENTORY_TEXT}: an inventory is a small CSV file. Choose the right file.`);
      return;
    }
    try {
      setFile({ name: f.name, text: await f.text() });
    } catch (e) {
      showImportError(`${f.name} could not be read (${e instanceof Error ? e.message : String(e)}).`);
    }
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (!file) {
      showImportError('Choose a CSV file first.');
      return;
    }
    void importInventory(file.text, file.name, replace).then(() => {
      // A successful import clears the picker; after a refused one the file stays chosen to retry once corrected.
      if (useAppStore.getState().inventory.lastImport?.result.imported) {
        setFile(null);
        setInputKey((k) => k + 1);
      }
    });
  };

  const last = inventory.lastImport;
  return (
    <form className="panel" aria-labelledby={`${id}-title`} onSubmit={onSubmit} noValidate data-testid="inventory-import">
      <div className="panel-head">
        <h2 id={`${id}-title`}>Import a CSV file</h2>
      </div>
      <div className="panel-body inv-import">
        <p className="hint">
          One node per line, after the header <code>{INVENTORY_HEADER.join(',')}</code>. A file with any bad line is refused whole:
          nothing is half-imported.
        </p>
        <div className="field">
          <label htmlFor={`${id}-file`}>Inventory file</label>
          <input key={inputKey} id={`${id}-file`} type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e.target.files?.[0])} />
        </div>
        <label className="check">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
          <span>
            Replace the inventory with this file
            <small>Nodes the file does not list are removed. Otherwise the file is merged in.</small>
          </span>
        </label>
        <div>
          <button type="submit" className="btn btn-primary" disabled={inventory.importing || !file}>
            {inventory.importing ? <span className="spinner" aria-hidden="true" /> : null}
            {inventory.importing ? 'Importing…' : 'Import'}
          </button>
        </div>
        {inventory.importError ? (
          <Notice tone="error" title="The file was not imported." testId="import-error">
            {sentence(inventory.importError ?? '')}
          </Notice>
        ) : null}
        {last && !last.result.imported ? (
          <div className="notice notice-error" role="alert" data-testid="import-problems">
            <div className="notice-body">
              <div className="notice-title">
                {last.fileName}: {describeImport(last.result)}
              </div>
              <ul className="problem-list">
                {last.result.problems.map((p) => (
                  <li key={`${p.line}-${p.message}`} data-line={p.line}>
                    <strong>Line {p.line}:</strong> {p.message}
                  </li>
                ))}
              </ul>
              <p>Correct these lines in the file and import it again.</p>
            </div>
          </div>
        ) : null}
        {last?.result.imported ? (
          <Notice tone="success" title={`${last.fileName} imported.`} testId="import-done">
            {describeImport(last.result)}
          </Notice>
        ) : null}
      </div>
    </form>
  );
}
