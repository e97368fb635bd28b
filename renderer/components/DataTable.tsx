/**
 * The one table of the app: sortable column headers (aria-sort, a button per header),
 * rows reachable from the keyboard (arrow keys, Home/End, Page Up/Down, Enter opens),
 * and, for long lists, virtualised: only the rows in view (plus a few) are in the DOM,
 * with spacer rows above and below so the real table semantics stay (header cells,
 * aria-rowcount / aria-rowindex). Short lists render whole and scroll with the screen.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export type SortDirection = 'asc' | 'desc';
export interface TableSort {
  column: string;
  direction: SortDirection;
}

export interface Column<T> {
  id: string;
  /** Header words; `hideHeader` keeps them for screen readers only. */
  header: string;
  hideHeader?: boolean;
  cell: (row: T) => ReactNode;
  /** Makes the column sortable (ascending order); the table reverses it for descending. */
  compare?: (a: T, b: T) => number;
  /** Class on the header and on each cell of the column (widths, `num`, `mono`). */
  className?: string;
  /** Class on the cells only. */
  cellClassName?: string;
}

/** Virtualised rows need a fixed height (px) each, and the sticky header's height. */
export interface VirtualRows {
  rowHeight: number;
  headHeight: number;
  /** Lists at most this long render whole (default 150). */
  from?: number;
}

export interface DataTableProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** The table's accessible name. */
  label: string;
  className?: string;
  /** Controlled sort (the caller sorts `rows` itself); without it the table sorts and keeps its own. */
  sort?: TableSort;
  onSort?: (column: string) => void;
  /** Initial sort when the table keeps its own. */
  defaultSort?: TableSort;
  /** Enter on a row, or a click on it. */
  onOpen?: (row: T) => void;
  /** Extra attributes of each row (test ids, data-*). */
  rowAttrs?: (row: T) => Record<string, string | undefined>;
  isCurrent?: (row: T) => boolean;
  virtual?: VirtualRows;
  colgroup?: ReactNode;
  /** Test id of the scroll container. */
  scrollTestId?: string;
}

function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: TableSort | undefined): readonly T[] {
  const col = sort && columns.find((c) => c.id === sort.column);
  if (!sort || !col?.compare) return rows;
  const cmp = col.compare;
  const sorted = [...rows].sort(cmp);
  return sort.direction === 'asc' ? sorted : sorted.reverse();
}

function SortHeader<T>({ column, sort, onSort }: { column: Column<T>; sort: TableSort | undefined; onSort: (id: string) => void }) {
  const active = sort?.column === column.id;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={ariaSort} className={column.className}>
      <button type="button" className="sort-btn" onClick={() => onSort(column.id)}>
        {column.header}
        <span className={`sort-mark${active ? ' on' : ''}`} aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

const STEP: Record<string, number | 'home' | 'end' | undefined> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: 'home', End: 'end' };

export function DataTable<T>(props: DataTableProps<T>) {
  const { rows: given, columns, rowKey, label, className, onOpen, rowAttrs, isCurrent, virtual, colgroup, scrollTestId } = props;
  const [ownSort, setOwnSort] = useState<TableSort | undefined>(props.defaultSort);
  const controlled = props.onSort !== undefined;
  const sort = controlled ? props.sort : ownSort;
  const onSort = (id: string): void => {
    if (props.onSort) props.onSort(id);
    else setOwnSort((s) => (s?.column === id ? { column: id, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { column: id, direction: 'asc' }));
  };
  const rows = useMemo(() => (controlled ? given : sortRows(given, columns, sort)), [controlled, given, columns, sort]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const virtualised = virtual !== undefined && rows.length > (virtual.from ?? 150);
  const virtualizer = useVirtualizer({
    count: virtualised ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => virtual?.rowHeight ?? 40,
    scrollMargin: virtual?.headHeight ?? 0,
    overscan: 6,
    getItemKey: (i) => (rows[i] ? rowKey(rows[i]) : i),
  });

  // The row that Tab lands on (roving tabindex) and, after a key, the one to focus once rendered.
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  useEffect(() => {
    if (active >= rows.length && rows.length > 0) setActive(rows.length - 1);
  }, [active, rows.length]);
  // A new filter or sort shows the new list from its top.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [rows]);
  useEffect(() => {
    const i = pendingFocus.current;
    if (i === null) return;
    const row = bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-index="${i}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: virtualised });
      if (!virtualised) row.scrollIntoView({ block: 'nearest' });
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>): void => {
    const target = e.target as HTMLElement;
    if (target.tagName !== 'TR') return; // keys inside a row's buttons are theirs
    const step = STEP[e.key];
    if (e.key === 'Enter' && onOpen) {
      const row = rows[active];
      if (row) onOpen(row);
      e.preventDefault();
      return;
    }
    if (step === undefined || rows.length === 0) return;
    e.preventDefault();
    const next = step === 'home' ? 0 : step === 'end' ? rows.length - 1 : Math.min(rows.length - 1, Math.max(0, active + step));
    setActive(next);
    pendingFocus.current = next;
    if (virtualised) virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const items = virtualised ? virtualizer.getVirtualItems() : null;
  const head = virtual?.headHeight ?? 0;
  const first = items?.[0];
  const last = items?.[items.length - 1];
  const padTop = first ? first.start - head : 0;
  const padBottom = last ? Math.max(0, virtualizer.getTotalSize() - (last.end - head)) : 0;
  const indices = items ? items.map((it) => it.index) : rows.map((_, i) => i);

  const renderRow = (index: number): ReactNode => {
    const row = rows[index];
    if (row === undefined) return null;
    const key = rowKey(row);
    return (
      <tr
        key={key}
        data-index={index}
        aria-rowindex={index + 2}
        tabIndex={index === active ? 0 : -1}
        aria-current={isCurrent?.(row) ? 'true' : undefined}
        className={onOpen ? 'row-open' : undefined}
        onClick={onOpen ? () => onOpen(row) : undefined}
        onFocus={() => setActive(index)}
        {...rowAttrs?.(row)}
      >
        {columns.map((c) => (
          <td key={c.id} className={[c.className, c.cellClassName].filter(Boolean).join(' ') || undefined}>
            {c.cell(row)}
          </td>
        ))}
      </tr>
    );
  };

  return (
    <div className={virtualised ? 'table-scroll' : 'table-wrap'} ref={scrollRef} data-testid={scrollTestId}>
      <table className={['data-table', className].filter(Boolean).join(' ')} aria-label={label} aria-rowcount={rows.length + 1}>
        {colgroup}
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) =>
              c.compare ? (
                <SortHeader key={c.id} column={c} sort={sort} onSort={onSort} />
              ) : (
                <th key={c.id} scope="col" className={c.className}>
                  {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody ref={bodyRef} onKeyDown={onKeyDown}>
          {padTop > 0 ? (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={columns.length} style={{ height: padTop }} />
            </tr>
          ) : null}
          {indices.map(renderRow)}
          {padBottom > 0 ? (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={columns.length} style={{ height: padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
