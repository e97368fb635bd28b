/** The scope form: what to scan, which ports, known AE titles, inventory, vantage. */
import { useEffect, useId, useRef, type ChangeEvent, type FormEvent } from 'react';
import { MAX_INVENTORY_CHARS, MAX_INVENTORY_TEXT } from '../../../shared/inventory';
import { Notice } from '../../components/Notice';
import { focusAndReveal } from '../../components/reveal';
import { useAppStore } from '../../store';
import { isActive } from '../../store/scan';
import { plainRefusal } from '../../store/selectors/refusal';
import { DEFAULT_PORTS } from '../../store/selectors/scope';

export function ScopeFormPanel() {
  const form = useAppStore((s) => s.form);
  const setForm = useAppStore((s) => s.setForm);
  const resetForm = useAppStore((s) => s.resetForm);
  const startScan = useAppStore((s) => s.startScan);
  const showFormError = useAppStore((s) => s.showFormError);
  const formError = useAppStore((s) => s.scan.formError);
  const starting = useAppStore((s) => s.scan.starting);
  const running = useAppStore((s) => isActive(s.scan.current?.status));
  const id = useId();
  const errorId = `${id}-error`;
  const refusal = formError ? plainRefusal(formError) : null;
  // A refused scan takes the eye and the focus: the message is brought into the middle of
  // the screen (never under the sticky Start bar) and focused, so it is read at once.
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (formError && errorRef.current) focusAndReveal(errorRef.current, 'center');
  }, [formError]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void startScan();
  };

  const onInventory = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    // Read here, send as text: the renderer has no file system access, by design.
    void file.text().then(
      (text) => {
        if (text.length > MAX_INVENTORY_CHARS) {
          showFormError(`The inventory file ${file.name} is larger than ${MAX_INVENTORY_TEXT}; split it or remove unused columns.`);
          return;
        }
        setForm({ inventoryCsv: text, inventoryName: file.name });
      },
      () => showFormError(`The inventory file ${file.name} could not be read; check that it is a CSV text file.`),
    );
    e.target.value = '';
  };

  return (
    <form className="panel scope-form" onSubmit={onSubmit} aria-labelledby={`${id}-title`} noValidate>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Scope</h2>
        <span className="hint">Scan only networks you are responsible for.</span>
      </div>
      <div className="panel-body form-grid">
        <div className="field field-wide">
          <label htmlFor={`${id}-targets`}>Targets</label>
          <span className="hint" id={`${id}-targets-hint`}>
            Addresses, CIDR blocks (10.0.4.0/24), ranges (10.0.4.1-10.0.4.40) or host names, one per line.
          </span>
          <textarea
            id={`${id}-targets`}
            className="textarea"
            rows={3}
            spellCheck={false}
            value={form.targets}
            placeholder={'10.20.0.0/24\npacs01.radiology.local'}
            aria-describedby={`${id}-targets-hint${formError ? ` ${errorId}` : ''}`}
            aria-invalid={formError ? true : undefined}
            onChange={(e) => setForm({ targets: e.target.value })}
          />
        </div>

        <div className="field">
          <label htmlFor={`${id}-ports`}>Ports</label>
          <span className="hint" id={`${id}-ports-hint`}>
            Comma separated; ranges like 5000-8999 too. The defaults cover DICOM (104, 11112, 4242), DICOM TLS (2761,
            2762) and imaging web interfaces. Leave empty for the defaults.{' '}
            <button type="button" className="btn-link" onClick={() => setForm({ ports: DEFAULT_PORTS.join(', ') })}>
              Restore defaults
            </button>
          </span>
          <input
            id={`${id}-ports`}
            className="input mono"
            value={form.ports}
            spellCheck={false}
            aria-describedby={`${id}-ports-hint`}
            onChange={(e) => setForm({ ports: e.target.value })}
          />
        </div>

        <fieldset className="field checks-choice" aria-describedby={`${id}-profile-hint`}>
          <legend className="field-label">Checks</legend>
          <span className="hint" id={`${id}-profile-hint`}>
            Discovery: a quick first inventory, one association per port; no query, retrieve, storage, TLS or web
            probes (those checks show as skipped).
          </span>
          <div className="checks-radios">
            <label className="check">
              <input
                type="radio"
                name={`${id}-profile`}
                value="full"
                checked={form.profile === 'full'}
                onChange={() => setForm({ profile: 'full' })}
              />
              <span>Full catalog</span>
            </label>
            <label className="check">
              <input
                type="radio"
                name={`${id}-profile`}
                value="discovery"
                checked={form.profile === 'discovery'}
                onChange={() => setForm({ profile: 'discovery' })}
              />
              <span>Discovery</span>
            </label>
          </div>
          <label htmlFor={`${id}-checks`} className="checks-list-label">
            Advanced: only these checks
          </label>
          <span className="hint" id={`${id}-checks-hint`}>
            Check ids or prefixes ending in *, e.g. <code>dicom.detected, tls.*</code>; when given, they decide.
          </span>
          <input
            id={`${id}-checks`}
            className="input mono"
            value={form.checks}
            spellCheck={false}
            placeholder="dicom.detected, dicom.any-called-ae"
            aria-describedby={`${id}-checks-hint`}
            onChange={(e) => setForm({ checks: e.target.value })}
          />
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-aes`}>Known AE titles</label>
          <span className="hint" id={`${id}-aes-hint`}>
            One per line as AE_TITLE@host:port. Servers not listed are tried with common titles.
          </span>
          <textarea
            id={`${id}-aes`}
            className="textarea"
            rows={3}
            spellCheck={false}
            value={form.calledAes}
            placeholder="PACS_MAIN@10.20.0.5:104"
            aria-describedby={`${id}-aes-hint`}
            onChange={(e) => setForm({ calledAes: e.target.value })}
          />
        </div>

        <div className="field">
          <span className="field-label" id={`${id}-inv-label`}>
            Inventory file (optional)
          </span>
          <span className="hint" id={`${id}-inv-hint`}>
            CSV of your known DICOM nodes: <code>ae_title,host,port,role,description</code>. It tells Collimator each
            server&rsquo;s AE title and its legitimate peers.
          </span>
          <div className="file-row">
            <input
              id={`${id}-inventory`}
              type="file"
              accept=".csv,text/csv,text/plain"
              aria-labelledby={`${id}-inv-label`}
              aria-describedby={`${id}-inv-hint`}
              onChange={onInventory}
            />
          </div>
          {form.inventoryName ? (
            <div className="file-row">
              <span>
                Using <strong>{form.inventoryName}</strong>
              </span>
              <button type="button" className="btn-link" onClick={() => setForm({ inventoryCsv: null, inventoryName: null })}>
                Remove
              </button>
            </div>
          ) : null}
        </div>

        <div className="field">
          <label htmlFor={`${id}-vantage`}>This computer&rsquo;s network</label>
          <span className="hint" id={`${id}-vantage-hint`}>
            Where the scan runs from, e.g. &ldquo;Radiology VLAN&rdquo; or &ldquo;Guest Wi-Fi&rdquo;.
          </span>
          <input
            id={`${id}-vantage`}
            className="input"
            value={form.vantageLabel}
            placeholder="this workstation"
            aria-describedby={`${id}-vantage-hint`}
            onChange={(e) => setForm({ vantageLabel: e.target.value })}
          />
        </div>

        <div className="field">
          <span className="field-label">Trust</span>
          <label className="check">
            <input type="checkbox" checked={form.untrusted} onChange={(e) => setForm({ untrusted: e.target.checked })} />
            <span>
              This network is untrusted
              <small>Guest Wi-Fi, outside the firewall: any imaging service reachable from here is a finding.</small>
            </span>
          </label>
        </div>

        <details className="more field-wide">
          <summary>More options</summary>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-calling`}>Calling AE title for the tests</label>
              <span className="hint" id={`${id}-calling-hint`}>
                Empty: a random title no server knows (CLM…), which is what the checks need.
              </span>
              <input
                id={`${id}-calling`}
                className="input mono"
                value={form.callingAe}
                maxLength={16}
                aria-describedby={`${id}-calling-hint`}
                onChange={(e) => setForm({ callingAe: e.target.value })}
              />
            </div>
            <div className="field">
              <span className="field-label">Confirmations</span>
              <label className="check">
                <input type="checkbox" checked={form.allowLargeScope} onChange={(e) => setForm({ allowLargeScope: e.target.checked })} />
                <span>
                  Scan a scope larger than usual
                  <small>Only when you meant a large range; it takes longer.</small>
                </span>
              </label>
              <p className="hint" data-testid="public-scope-hint">
                Public (non-private) addresses are confirmed outside this page: Collimator asks you in its own dialog
                (in the web bridge, at its terminal) and names them before anything is sent.
              </p>
            </div>
          </div>
        </details>
      </div>

      {formError ? (
        <div className="panel-body form-error">
          <Notice tone="error" title="Nothing was started." testId="scan-error" ref={errorRef} focusable>
            <span id={errorId}>
              {refusal?.text}
              {refusal?.hint ? ` ${refusal.hint}` : null}
            </span>
          </Notice>
        </div>
      ) : null}

      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-large" disabled={starting || running}>
          {starting ? <span className="spinner" aria-hidden="true" /> : null}
          {starting ? 'Checking the scope…' : 'Start scan'}
        </button>
        <button type="button" className="btn" onClick={resetForm} disabled={starting}>
          Clear form
        </button>
        {running ? <span className="hint">A scan is running; cancel it or wait for it to finish.</span> : null}
      </div>
    </form>
  );
}
