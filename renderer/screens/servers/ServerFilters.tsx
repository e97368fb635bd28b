/** The Servers list's filters: free text, risk, a failing severity, product. */
import { useId } from 'react';
import { SEVERITIES } from '../../../shared/catalog';
import { useAppStore } from '../../store';
import { SEVERITY_LABEL } from '../../store/selectors/checks';
import { isFiltered, type RiskFilter } from '../../store/selectors/servers';

const RISK_OPTIONS: { value: RiskFilter; label: string }[] = [
  { value: 'all', label: 'All services' },
  { value: 'at-risk', label: 'With findings' },
  { value: 'no-findings', label: 'Without findings' },
];

export function ServerFilters({ products, shown, total }: { products: string[]; shown: number; total: number }) {
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const clearFilter = useAppStore((s) => s.clearFilter);
  const id = useId();
  const fmt = new Intl.NumberFormat('en-US');

  return (
    <div className="toolbar" role="search" aria-label="Filter servers">
      <div className="field toolbar-search">
        <label htmlFor={`${id}-text`}>Search</label>
        <input
          id={`${id}-text`}
          type="search"
          className="input"
          placeholder="Address, product or AE title"
          value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-risk`}>Risk</label>
        <select id={`${id}-risk`} className="select" value={filter.risk} onChange={(e) => setFilter({ risk: e.target.value as RiskFilter })}>
          {RISK_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-sev`}>Failing severity</label>
        <select
          id={`${id}-sev`}
          className="select"
          value={filter.severity}
          onChange={(e) => setFilter({ severity: e.target.value as (typeof filter)['severity'] })}
        >
          <option value="any">Any</option>
          {[...SEVERITIES].reverse().map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-product`}>Product</label>
        <select id={`${id}-product`} className="select" value={filter.product} onChange={(e) => setFilter({ product: e.target.value })}>
          <option value="any">Any product</option>
          {products.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar-end">
        <span className="hint" data-testid="servers-count" role="status">
          Showing {fmt.format(shown)} of {fmt.format(total)}
        </span>
        {isFiltered(filter) ? (
          <button type="button" className="btn" onClick={clearFilter}>
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
