/**
 * The reconcile table of the Internet view on the shared DataTable, virtualised: a
 * Shodan download of tens of thousands of services keeps only the rows in view in the
 * DOM, with aria-rowcount / aria-rowindex for screen readers and the table's keys
 * (arrows, Page Up/Down, Home/End). A search narrows it (every word, any column), with
 * its count. A closed row's action (RowAction.tsx) sits in its "Closed outside" cell.
 */
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
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

/**
 * A cell of two lines in the fixed row height: what (first line), then when, who or how
 * (second, smaller); each line cut with an ellipsis, the whole sentence in the title.
 */
function TwoLines({ first, second, title, mono = false }: { first: ReactNode; second?: string | null; title: string; mono?: boolean }) {
  return (
    <span className="two-lines" title={title}>
      <span className={mono ? 'line-1 mono' : 'line-1'}>{first}</span>
      {second ? <span className="line-2">{second}</span> : null}
    </span>
  );
}

const ago = (days: number | null): string => (days === null ? '' : days === 0 ? 'today' : `${days} ${days === 1 ? 'day' : 'days'} ago`);

function columns(onChanged: () => void): Column<ReconcileRow>[] {
  return [
    { id: 'service', header: 'Service', className: 'mono', compare: (a, b) => serverKey(a).localeCompare(serverKey(b)), cell: (r) => <span title={serverKey(r)}>{serverKey(r)}</span> },
    { id: 'status', header: 'Seen', compare: (a, b) => a.status.localeCompare(b.status), cell: (r) => <span data-status={r.status}>{STATUS_WORDS[r.status]}</span> },
    {
      id: 'inside',
      header: 'Inside',
      compare: (a, b) => insideText(a).localeCompare(insideText(b)),
      // The state the inside scan saw; the inside address under it when a NAT mapping differs.
      cell: (r) => <TwoLines first={r.insideState ?? '—'} second={r.insideHost !== r.host ? serverKey({ host: r.insideHost, port: r.port }) : null} title={insideText(r)} />,
    },
    { id: 'kind', header: 'Kind', compare: (a, b) => kindText(a).localeCompare(kindText(b)), cell: (r) => <TwoLines first={r.kind ?? '—'} second={r.product} title={kindText(r)} /> },
    {
      id: 'seen',
      header: 'Last seen outside',
      compare: (a, b) => (a.lastSeenOutside ?? '').localeCompare(b.lastSeenOutside ?? ''),
      cell: (r) => (
        <TwoLines
          first={
            r.lastSeenOutside ? (
              <>
                {r.lastSeenOutside.slice(0, 10)}
                {r.stale ? <span className="stale"> stale</span> : null}
              </>
            ) : (
              '—'
            )
          }
          second={r.lastSeenOutside ? `${r.lastSeenSource ?? ''} · ${ago(r.ageDays)}` : null}
          title={seenText(r) + (r.stale ? ' · stale' : '')}
        />
      ),
    },
    {
      id: 'closed',
      header: 'Closed outside',
      compare: (a, b) => (a.closedOutside?.at ?? '').localeCompare(b.closedOutside?.at ?? ''),
      cellClassName: 'cell-closed',
      cell: (r) => (
        <span className="closed-cell">
          <TwoLines first={r.closedOutside ? r.closedOutside.at.slice(0, 10) : '—'} second={r.closedOutside ? `${r.closedOutside.source} (${r.closedOutside.how})` : null} title={closedText(r)} />
          <RowAction row={r} onChanged={onChanged} />
        </span>
      ),
    },
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
