/**
 * The Servers table, virtualized: only the rows in view (plus a few) are in the
 * DOM, so 10,000 services scroll as smoothly as 10. Spacer rows above and below
 * keep the real table semantics (header cells, aria-rowcount/rowindex).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { FailCountChips, RiskBadge } from '../../components/Badges';
import { useAppStore } from '../../store';
import { PROTOCOL_LABEL, type ServerRow, type ServerSortKey } from '../../store/selectors/servers';

/** Fixed row height in px (styles: .servers-table tbody td). */
const ROW_HEIGHT = 46;
/** The sticky header's height in px; the virtualizer measures rows below it. */
const HEAD_HEIGHT = 40;
const COLUMNS = 7;

const SORTABLE: { key: ServerSortKey; label: string }[] = [
  { key: 'risk', label: 'Risk' },
  { key: 'host', label: 'Host' },
  { key: 'port', label: 'Port' },
  { key: 'protocol', label: 'Protocol' },
  { key: 'product', label: 'Product' },
];

function SortHeader({ column }: { column: (typeof SORTABLE)[number] }) {
  const sort = useAppStore((s) => s.sort);
  const sortBy = useAppStore((s) => s.sortBy);
  const active = sort.key === column.key;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={ariaSort} className={`col-${column.key}`}>
      <button type="button" className="sort-btn" onClick={() => sortBy(column.key)}>
        {column.label}
        <span className={`sort-mark${active ? ' on' : ''}`} aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function ServersTable({ rows }: { rows: ServerRow[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const openServer = useAppStore((s) => s.openServer);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    scrollMargin: HEAD_HEIGHT,
    overscan: 6,
    getItemKey: (i) => rows[i]?.key ?? i,
  });
  // A new filter or sort shows the new list from its top, not from where the old one was scrolled.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [rows]);
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = first ? first.start - HEAD_HEIGHT : 0;
  const padBottom = last ? Math.max(0, virtualizer.getTotalSize() - (last.end - HEAD_HEIGHT)) : 0;

  return (
    <div className="table-scroll" ref={scrollRef} data-testid="servers-scroll" tabIndex={-1}>
      <table className="servers-table" aria-rowcount={rows.length + 1} aria-label="Services found">
        <colgroup>
          <col className="w-risk" />
          <col className="w-host" />
          <col className="w-port" />
          <col className="w-protocol" />
          <col className="w-product" />
          <col className="w-ae" />
          <col className="w-fails" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {SORTABLE.map((c) => (
              <SortHeader key={c.key} column={c} />
            ))}
            <th scope="col">AE title</th>
            <th scope="col">Failing checks</th>
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={COLUMNS} style={{ height: padTop }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const s = row.service;
            return (
              <tr key={row.key} aria-rowindex={item.index + 2} data-testid="server-row" data-key={row.key} onClick={() => openServer(row.key)}>
                <td>
                  <RiskBadge level={row.risk.level} />
                </td>
                <td className="cell-host">
                  <button type="button" className="btn-link mono" onClick={(e) => { e.stopPropagation(); openServer(row.key); }} aria-label={`Open ${row.key}`}>
                    {s.host}
                  </button>
                </td>
                <td className="mono">{s.port}</td>
                <td className="cell-ellipsis">{PROTOCOL_LABEL[row.protocolLabel]}</td>
                <td className="cell-ellipsis" title={row.productLabel}>
                  {row.productLabel}
                </td>
                <td className="mono cell-ellipsis">{s.calledAe ?? <span className="hint">—</span>}</td>
                <td>
                  <FailCountChips counts={row.risk.counts} />
                </td>
              </tr>
            );
          })}
          {padBottom > 0 ? (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={COLUMNS} style={{ height: padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
