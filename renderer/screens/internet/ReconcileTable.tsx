/**
 * The reconcile table of the Internet view on the shared DataTable, virtualised: a
 * Shodan download of tens of thousands of services keeps only the rows in view in the
 * DOM, with aria-rowcount / aria-rowindex for screen readers and the table's keys
 * (arrows, Page Up/Down, Home/End). A search narrows it (every word, any column), with
 * its count. The last column is the slot for a row's action (RowAction.tsx).
 */
import { useDeferredValue, useMemo, useState } from 'react';
import type { ReconcileRow } from '../../../shared/internet';
import { serverKey } from '../../../shared/host';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { matchesQuery } from '../../components/search';
import { SearchField } from '../../components/SearchField';
import { RowAction } from './RowAction';
import './internet.css';

export const STATUS_WORDS: Record<ReconcileRow['status'], string> = { 'outside-and-inside': 'outside and inside', 'outside-only': 'outside only', 'inside-only': 'inside only' };

/** Fixed row height in px (internet.css: .internet-table tbody td), and the sticky header's. */
const ROW_HEIGHT = 44;
const HEAD_HEIGHT = 40;

const insideText = (r: ReconcileRow): string => `${r.insideHost !== r.host ? `${serverKey({ host: r.insideHost, port: r.port })} ` : ''}${r.insideState ?? '—'}`;
const kindText = (r: ReconcileRow): string => (r.kind ? `${r.kind}${r.product ? ` · ${r.product}` : ''}` : '—');
const seenText = (r: ReconcileRow): string => (r.lastSeenOutside ? `${r.lastSeenOutside.slice(0, 10)} · ${r.lastSeenSource} · ${r.ageDays} d` : '—');
/** The cell says when and who (its header says what); the title, and the search, the whole sentence. */
const closedShort = (r: ReconcileRow): string => (r.closedOutside ? `${r.closedOutside.at.slice(0, 10)} · ${r.closedOutside.source} (${r.closedOutside.how})` : '—');
const closedText = (r: ReconcileRow): string => (r.closedOutside ? `closed as seen from the internet: ${closedShort(r)}` : '—');

/** What the search looks through: the words each cell shows. */
const haystack = (r: ReconcileRow): string[] => [serverKey(r), STATUS_WORDS[r.status], insideText(r), kindText(r), seenText(r), r.stale ? 'stale' : '', closedText(r)];

function columns(onChanged: () => void): Column<ReconcileRow>[] {
  return [
    { id: 'service', header: 'Service', className: 'mono', compare: (a, b) => serverKey(a).localeCompare(serverKey(b)), cell: (r) => <span title={serverKey(r)}>{serverKey(r)}</span> },
    { id: 'status', header: 'Seen', compare: (a, b) => a.status.localeCompare(b.status), cell: (r) => <span data-status={r.status}>{STATUS_WORDS[r.status]}</span> },
    { id: 'inside', header: 'Inside', className: 'mono', compare: (a, b) => insideText(a).localeCompare(insideText(b)), cell: (r) => <span title={insideText(r)}>{insideText(r)}</span> },
    { id: 'kind', header: 'Kind', compare: (a, b) => kindText(a).localeCompare(kindText(b)), cell: (r) => <span title={kindText(r)}>{kindText(r)}</span> },
    {
      id: 'seen',
      header: 'Last seen outside',
      compare: (a, b) => (a.lastSeenOutside ?? '').localeCompare(b.lastSeenOutside ?? ''),
      cell: (r) => (
        <span title={seenText(r) + (r.stale ? ' · stale' : '')}>
          {seenText(r)}
          {r.stale ? <span className="stale"> · stale</span> : null}
        </span>
      ),
    },
    {
      id: 'closed',
      header: 'Closed outside',
      compare: (a, b) => (a.closedOutside?.at ?? '').localeCompare(b.closedOutside?.at ?? ''),
      cell: (r) => <span title={closedText(r)}>{closedShort(r)}</span>,
    },
    { id: 'action', header: 'Actions', hideHeader: true, cellClassName: 'cell-action', cell: (r) => <RowAction row={r} onChanged={onChanged} /> },
  ];
}

const COLGROUP = (
  <colgroup>
    <col className="w-service" />
    <col className="w-status" />
    <col className="w-inside" />
    <col className="w-kind" />
    <col className="w-seen" />
    <col className="w-closed" />
    <col className="w-action" />
  </colgroup>
);

export function ReconcileTable({ rows, onChanged }: { rows: readonly ReconcileRow[]; onChanged: () => void }) {
  const [query, setQuery] = useState('');
  // Typing stays quick on 50,000 rows: the filter follows the field a beat behind.
  const deferred = useDeferredValue(query);
  const index = useMemo(() => rows.map((r) => ({ r, text: haystack(r) })), [rows]);
  const found = useMemo(() => (deferred.trim() === '' ? rows : index.filter((x) => matchesQuery(x.text, deferred)).map((x) => x.r)), [index, rows, deferred]);
  const cols = useMemo(() => columns(onChanged), [onChanged]);
  return (
    <div className="internet-reconcile">
      <div className="internet-tools">
        <SearchField value={query} onChange={setQuery} label="Search the table" placeholder="Address, port, seen, kind, stale…" shown={found.length} total={rows.length} testId="internet-search" />
      </div>
      {found.length === 0 ? (
        <EmptyState
          title="No row matches"
          action={
            <button type="button" className="btn" onClick={() => setQuery('')}>
              Clear the search
            </button>
          }
        >
          No row has all of the words &ldquo;{query.trim()}&rdquo;.
        </EmptyState>
      ) : (
        <DataTable
          rows={found}
          columns={cols}
          rowKey={(r) => `${r.host}|${r.port}`}
          label="Reconcile table"
          className="internet-table"
          colgroup={COLGROUP}
          rowAttrs={(r) => ({ 'data-testid': 'internet-row', 'data-key': serverKey(r), 'data-row-status': r.status })}
          virtual={{ rowHeight: ROW_HEIGHT, headHeight: HEAD_HEIGHT }}
          scrollTestId="internet-scroll"
        />
      )}
    </div>
  );
}
