/** Add a node, or edit the one chosen in the list. */
import { useId, useState, type FormEvent } from 'react';
import { sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';
import { buildUpsert, EMPTY_NODE_FORM, ROLE_SUGGESTIONS, type NodeForm } from '../../store/selectors/inventory';

export function NodeFormPanel({ editing, onDone }: { editing: NodeForm | null; onDone: () => void }) {
  const id = useId();
  const saving = useAppStore((s) => s.inventory.saving);
  const saveError = useAppStore((s) => s.inventory.saveError);
  const saveNode = useAppStore((s) => s.saveNode);
  // The parent remounts this panel (key) when another node is chosen, so the form starts from it.
  const [form, setForm] = useState<NodeForm>(editing ?? EMPTY_NODE_FORM);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (p: Partial<NodeForm>): void => {
    setForm((f) => ({ ...f, ...p }));
    setProblem(null);
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const built = buildUpsert(form);
    if (!built.ok) {
      setProblem(built.message);
      return;
    }
    void saveNode(built.value).then((ok) => {
      if (ok) {
        setForm(EMPTY_NODE_FORM);
        onDone();
      }
    });
  };

  const isEdit = form.id !== undefined;
  return (
    <form className="panel" aria-labelledby={`${id}-title`} onSubmit={onSubmit} noValidate data-testid="node-form">
      <div className="panel-head">
        <h2 id={`${id}-title`}>{isEdit ? `Edit ${editing?.aeTitle ?? 'node'}` : 'Add a node'}</h2>
      </div>
      <div className="panel-body inv-form">
        <div className="field">
          <label htmlFor={`${id}-ae`}>AE title</label>
          <input id={`${id}-ae`} className="input mono" value={form.aeTitle} maxLength={16} onChange={(e) => set({ aeTitle: e.target.value })} placeholder="CT_SCANNER1" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-host`}>Address</label>
          <input id={`${id}-host`} className="input mono" value={form.host} onChange={(e) => set({ host: e.target.value })} placeholder="10.0.4.21 or ct2.hospital.lan" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-port`}>Port</label>
          <input id={`${id}-port`} className="input mono" inputMode="numeric" value={form.port} onChange={(e) => set({ port: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <input id={`${id}-role`} className="input" list={`${id}-roles`} value={form.role} maxLength={500} onChange={(e) => set({ role: e.target.value })} placeholder="Modality" />
          <datalist id={`${id}-roles`}>
            {ROLE_SUGGESTIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-desc`}>Description</label>
          <input id={`${id}-desc`} className="input" value={form.description} maxLength={500} onChange={(e) => set({ description: e.target.value })} placeholder="CT in room 2, radiology" />
        </div>
        {problem || saveError ? (
          <div className="field-wide">
            <Notice tone="error" title={isEdit ? 'The node was not saved.' : 'The node was not added.'} testId="node-error">
              {sentence(problem ?? saveError ?? '')}
            </Notice>
          </div>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {isEdit ? 'Save changes' : 'Add node'}
        </button>
        {isEdit ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setForm(EMPTY_NODE_FORM);
              onDone();
            }}
          >
            Cancel
          </button>
        ) : null}
        <span className="hint">A node with the same AE title, address and port is updated, not doubled.</span>
      </div>
    </form>
  );
}
