/**
 * The Servers table on the shared DataTable: always virtualised (10,000 services scroll
 * as smoothly as 10); the store keeps the sort, so it survives a trip to a server and back.
 */
import { FailCountChips, RiskBadge } from '../../components/Badges';
import { DataTable, type Column } from '../../components/DataTable';
import { useAppStore } from '../../store';
import { PROTOCOL_LABEL, type ServerRow, type ServerSortKey } from '../../store/selectors/servers';

/** Fixed row height in px (styles: .servers-table tbody td). */
const ROW_HEIGHT = 46;
/** The sticky header's height in px; the virtualizer measures rows below it. */
const HEAD_HEIGHT = 40;

/** Sorting happens in the store (selectors/servers.ts); `compare` only marks the column sortable. */
const sortable = (): number => 0;

function columns(openServer: (key: string) => void): Column<ServerRow>[] {
  return [
    { id: 'risk', header: 'Risk', compare: sortable, className: 'col-risk', cell: (row) => <RiskBadge level={row.risk.level} /> },
    {
      id: 'host',
      header: 'Host',
      compare: sortable,
      className: 'col-host',
      cellClassName: 'cell-host',
      cell: (row) => (
        <button
          type="button"
          className="btn-link mono"
          onClick={(e) => {
            e.stopPropagation();
            openServer(row.key);
          }}
          aria-label={`Open ${row.key}`}
        >
          {row.service.host}
        </button>
      ),
    },
    { id: 'port', header: 'Port', compare: sortable, className: 'col-port', cellClassName: 'mono', cell: (row) => row.service.port },
    { id: 'protocol', header: 'Protocol', compare: sortable, className: 'col-protocol', cellClassName: 'cell-ellipsis', cell: (row) => PROTOCOL_LABEL[row.protocolLabel] },
    {
      id: 'product',
      header: 'Product',
      compare: sortable,
      className: 'col-product',
      cellClassName: 'cell-ellipsis',
      cell: (row) => <span title={row.productLabel}>{row.productLabel}</span>,
    },
    { id: 'ae', header: 'AE title', cellClassName: 'mono cell-ellipsis', cell: (row) => row.service.calledAe ?? <span className="hint">—</span> },
    { id: 'fails', header: 'Failing checks', cell: (row) => <FailCountChips counts={row.risk.counts} /> },
  ];
}

const COLGROUP = (
  <colgroup>
    <col className="w-risk" />
    <col className="w-host" />
    <col className="w-port" />
    <col className="w-protocol" />
    <col className="w-product" />
    <col className="w-ae" />
    <col className="w-fails" />
  </colgroup>
);

export function ServersTable({ rows }: { rows: ServerRow[] }) {
  const openServer = useAppStore((s) => s.openServer);
  const sort = useAppStore((s) => s.sort);
  const sortBy = useAppStore((s) => s.sortBy);
  return (
    <DataTable
      rows={rows}
      columns={columns(openServer)}
      rowKey={(r) => r.key}
      label="Services found"
      className="servers-table"
      colgroup={COLGROUP}
      sort={{ column: sort.key, direction: sort.direction }}
      onSort={(id) => sortBy(id as ServerSortKey)}
      onOpen={(r) => openServer(r.key)}
      rowAttrs={(r) => ({ 'data-testid': 'server-row', 'data-key': r.key })}
      virtual={{ rowHeight: ROW_HEIGHT, headHeight: HEAD_HEIGHT, from: 0 }}
      scrollTestId="servers-scroll"
    />
  );
}
