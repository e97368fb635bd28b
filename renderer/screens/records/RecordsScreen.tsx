/** Records: every signed remediation record of this database, oldest first, with exports and a file check. */
import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { sentence } from '../../components/format';
import { DataTable } from '../../components/DataTable';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { ScreenHead } from '../../components/ScreenHead';
import { SearchField } from '../../components/SearchField';
import { useAppStore } from '../../store';
import { saveExport } from './download';
import { FileCheckPanel } from './FileCheckPanel';
import { recordColumns } from './recordColumns';
import { recordMatches } from './recordSearch';
import { TrustListPanel } from './TrustListPanel';

export function RecordsScreen() {
  const list = useAppStore((s) => s.records.list);
  const exporting = useAppStore((s) => s.records.exporting);
  const exportError = useAppStore((s) => s.records.exportError);
  const loadRecords = useAppStore((s) => s.loadRecords);
  const openRecord = useAppStore((s) => s.openRecord);
  const exportRecords = useAppStore((s) => s.exportRecords);
  const go = useAppStore((s) => s.go);
  const rows = list.data ?? [];
  const newestFirst = useMemo(() => [...rows].reverse(), [rows]);
  const [query, setQuery] = useState('');
  const found = useMemo(() => newestFirst.filter((r) => recordMatches(r, query)), [newestFirst, query]);

  useEffect(() => {
    void loadRecords();
  }, [loadRecords]);

  const exportAll = (format: 'json' | 'csv'): void => {
    void exportRecords(format === 'json' ? { format, all: true } : { format }).then((f) => f && saveExport(f));
  };

  const content = (
    <LoadState state={list} hasData={rows.length > 0} loading="Loading the records…" failed="The records could not be loaded." onRetry={() => void loadRecords()}>
      {() =>
        rows.length === 0 ? (
          <div className="panel">
            <EmptyState
              title="No signed records yet"
              action={
                <button type="button" className="btn btn-primary" onClick={() => go('servers')}>
                  Go to Servers
                </button>
              }
            >
              Fix a server, re-check it, then sign it off: each record proves what was found, what was done by whom, and how it was
              checked afterwards.
            </EmptyState>
          </div>
        ) : (
          <div className="panel">
            <div className="panel-body list-tools">
              <SearchField
                value={query}
                onChange={setQuery}
                label="Search records"
                placeholder="Server, person, outcome, date…"
                shown={found.length}
                total={rows.length}
                testId="records-search"
              />
            </div>
            {found.length === 0 ? (
              <EmptyState title="No record matches" action={<button type="button" className="btn" onClick={() => setQuery('')}>Clear the search</button>}>
                No record has all of the words &ldquo;{query.trim()}&rdquo;.
              </EmptyState>
            ) : (
              <DataTable
                rows={found}
                columns={recordColumns(openRecord)}
                rowKey={(r) => r.id}
                label="Signed records"
                className="records-table"
                onOpen={(r) => openRecord(r.id)}
                rowAttrs={(r) => ({ 'data-testid': 'record-row', 'data-record': r.id })}
                virtual={{ rowHeight: 56, headHeight: 40 }}
              />
            )}
          </div>
        )
      }
    </LoadState>
  );

  return (
    <div className="screen">
      <ScreenHead
        title="Records"
        actions={
          rows.length > 0 ? (
            <>
              <button type="button" className="btn" onClick={() => exportAll('json')} disabled={exporting !== null}>
                {exporting === 'json' ? 'Exporting…' : 'Export the chain (JSON)'}
              </button>
              <button type="button" className="btn" onClick={() => exportAll('csv')} disabled={exporting !== null}>
                {exporting === 'csv' ? 'Exporting…' : 'Summary for a spreadsheet (CSV)'}
              </button>
            </>
          ) : undefined
        }
      >
        Signed remediation records, newest first. Each is hash-chained to the one before and cannot be edited; a correction is a new
        record.
      </ScreenHead>
      {exportError ? (
        <Notice tone="error" title="Nothing was exported.">
          {sentence(exportError ?? '')}
        </Notice>
      ) : null}
      {content}
      <FileCheckPanel />
      <TrustListPanel />
    </div>
  );
}
