/**
 * Plan a maintenance window: a name, when it starts and ends, and the servers to work
 * on, chosen from the scan on screen (riskiest first).
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { RiskBadge } from '../../components/Badges';
import { sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';
import { buildMaintenanceWindowRequest, defaultMaintenanceWindowForm, serverOptions, type MaintenanceWindowForm } from '../../store/selectors/maintenance-windows';

/** Checkboxes listed at once; a larger scan is narrowed with the search field. */
const MAX_LISTED = 200;

/** `onClose`: the form is done (cancelled, or the window was created and is now open). */
export function MaintenanceWindowCreateForm({ onClose }: { onClose: () => void }) {
  const id = useId();
  const services = useAppStore((s) => s.report.data?.services);
  const creating = useAppStore((s) => s.maintenanceWindows.creating);
  const createError = useAppStore((s) => s.maintenanceWindows.createError);
  const createMaintenanceWindow = useAppStore((s) => s.createMaintenanceWindow);
  const go = useAppStore((s) => s.go);
  const [form, setForm] = useState<MaintenanceWindowForm>(() => defaultMaintenanceWindowForm(new Date()));
  const [problem, setProblem] = useState<string | null>(null);
  const [needle, setNeedle] = useState('');
  const options = useMemo(() => serverOptions(services ?? []), [services]);
  const matching = useMemo(() => {
    const n = needle.trim().toLowerCase();
    return n ? options.filter((o) => `${o.key} ${o.detail}`.toLowerCase().includes(n)) : options;
  }, [options, needle]);
  const chosen = new Set(form.servers);
  const set = (p: Partial<MaintenanceWindowForm>): void => {
    setForm((f) => ({ ...f, ...p }));
    setProblem(null);
  };
  const toggle = (key: string, on: boolean): void => set({ servers: on ? [...form.servers, key] : form.servers.filter((k) => k !== key) });

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const built = buildMaintenanceWindowRequest(form, options);
    if (!built.ok) {
      setProblem(built.message);
      return;
    }
    void createMaintenanceWindow(built.value).then((ok) => {
      if (ok) onClose();
    });
  };

  return (
    <form className="panel" aria-labelledby={`${id}-title`} onSubmit={onSubmit} noValidate data-testid="window-form">
      <div className="panel-head">
        <h2 id={`${id}-title`}>Plan a maintenance window</h2>
        <span className="hint">Times are this computer&rsquo;s local time.</span>
      </div>
      <div className="panel-body form-grid">
        <div className="field field-wide">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} className="input" value={form.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} placeholder="Saturday night PACS hardening" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-start`}>Starts</label>
          <input id={`${id}-start`} className="input" type="datetime-local" value={form.start} onChange={(e) => set({ start: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-end`}>Ends</label>
          <input id={`${id}-end`} className="input" type="datetime-local" value={form.end} onChange={(e) => set({ end: e.target.value })} />
        </div>
        <fieldset className="field field-wide win-servers">
          <legend className="field-label">
            Servers in this window <span className="hint">({form.servers.length} chosen)</span>
          </legend>
          {options.length === 0 ? (
            <div className="win-noscan">
              <span>No scan is open, so there are no servers to choose.</span>{' '}
              <button type="button" className="btn-link" onClick={() => go('scope')}>
                Scan first
              </button>
            </div>
          ) : (
            <>
              <div className="win-servers-tools">
                <label className="visually-hidden" htmlFor={`${id}-find`}>
                  Find a server
                </label>
                <input id={`${id}-find`} className="input" type="search" value={needle} onChange={(e) => setNeedle(e.target.value)} placeholder="Find by address, product or AE title" />
                <button type="button" className="btn btn-small" onClick={() => set({ servers: [...new Set([...form.servers, ...options.filter((o) => o.failing > 0).map((o) => o.key)])] })}>
                  Choose all with findings
                </button>
                <button type="button" className="btn btn-small" onClick={() => set({ servers: [] })} disabled={form.servers.length === 0}>
                  Clear
                </button>
              </div>
              <ul className="win-server-list">
                {matching.slice(0, MAX_LISTED).map((o) => (
                  <li key={o.key}>
                    <label className="check">
                      <input type="checkbox" checked={chosen.has(o.key)} onChange={(e) => toggle(o.key, e.target.checked)} />
                      <span className="win-server-label">
                        <span className="mono">{o.key}</span>
                        <span className="hint">{o.detail}</span>
                      </span>
                      <RiskBadge level={o.risk} />
                    </label>
                  </li>
                ))}
              </ul>
              {matching.length > MAX_LISTED ? (
                <span className="hint">
                  Showing {MAX_LISTED} of {matching.length}; type in the search field to narrow the list.
                </span>
              ) : null}
            </>
          )}
        </fieldset>
        {problem || createError ? (
          <div className="field-wide">
            <Notice tone="error" title="The window was not created." testId="window-error">
              {sentence(problem ?? createError ?? '')}
            </Notice>
          </div>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={creating}>
          {creating ? 'Creating…' : 'Create window'}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
