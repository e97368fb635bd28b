/**
 * Peers learned from the servers' own logs and captures (issue 14): pick or drop log
 * files (Orthanc, DCMTK, dcm4chee-arc; .gz and rotated ones too) or a pcap/pcapng; the
 * main process reads them (nothing is sent to any device), keeps only association facts,
 * and stores the peers. Shown on the Inventory screen (every server) and on a Server
 * screen (that server's port). The files are read here and sent whole, as the inventory
 * import does; larger ones go through `collimator peers FILE --db`.
 */
import { useCallback, useEffect, useId, useState, type DragEvent } from 'react';
import { call } from '../bridge';
import { formatWhen } from './format';
import { Notice } from './Notice';
import { MAX_PEER_FILE_BYTES, MAX_PEER_FILE_TEXT, MAX_PEER_FILES, type LearnResult, type PeersListView } from '../../shared/observed-peers';

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const dash = <span className="hint">—</span>;

export function PeersPanel({ server }: { server?: { host: string; port: number } }) {
  const id = useId();
  const [view, setView] = useState<PeersListView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<{ names: string; result: LearnResult } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  const load = useCallback(async () => {
    const r = await call((api) => api.peers.list(server ? { port: server.port } : {}));
    if (r.ok) setView(r.value);
    else setError(r.error.message);
  }, [server]);

  useEffect(() => {
    void load();
  }, [load]);

  const learn = async (list: FileList | File[] | null | undefined): Promise<void> => {
    const files = [...(list ?? [])];
    setError(null);
    if (files.length === 0) return;
    if (files.length > MAX_PEER_FILES) return setError(`At most ${MAX_PEER_FILES} files at once.`);
    const total = files.reduce((n, f) => n + f.size, 0);
    if (total > MAX_PEER_FILE_BYTES) {
      return setError(`These files are larger than ${MAX_PEER_FILE_TEXT} together. Learn from large logs with collimator peers FILE --db on this database; the peers then show here.`);
    }
    setBusy(true);
    try {
      const payload = await Promise.all(files.map(async (f) => ({ name: f.name, base64: toBase64(new Uint8Array(await f.arrayBuffer())), lastModified: f.lastModified })));
      const r = await call((api) => api.peers.learn({ files: payload }));
      if (!r.ok) setError(r.error.message);
      else {
        setLast({ names: files.map((f) => f.name).join(', '), result: r.value });
        await load();
      }
    } catch (e) {
      setError(`The files could not be read (${e instanceof Error ? e.message : String(e)}).`);
    } finally {
      setBusy(false);
      setInputKey((k) => k + 1);
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    void learn(e.dataTransfer.files);
  };

  const peers = view?.peers ?? [];
  const vs = view?.vsInventory;
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="peers-panel">
      <div className="panel-head">
        <h2 id={`${id}-title`}>Peers seen in the logs</h2>
        <span className="hint" data-testid="peer-count">
          {peers.length} {peers.length === 1 ? 'peer' : 'peers'}
        </span>
      </div>
      <div className="panel-body">
        <div
          className={`peers-drop${dragging ? ' peers-drop-active' : ''}`}
          data-testid="peers-drop"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p className="hint">
            Drop server logs here (Orthanc <code>--verbose</code>, DCMTK <code>-v</code>/<code>-d</code>, dcm4chee-arc <code>server.log</code>;{' '}
            <code>.gz</code> and rotated files too) or a capture (pcap, pcapng). Nothing is sent to any device; only who called which
            server, from where, and whether it was accepted is kept.
          </p>
          <div className="field">
            <label htmlFor={`${id}-file`}>Log or capture files</label>
            <input key={inputKey} id={`${id}-file`} type="file" multiple disabled={busy} onChange={(e) => void learn(e.target.files)} />
          </div>
          {busy ? (
            <p className="hint" role="status">
              <span className="spinner" aria-hidden="true" /> Reading…
            </p>
          ) : null}
        </div>
        {error ? (
          <Notice tone="error" title="Nothing was learned." testId="peers-error">
            {error}
          </Notice>
        ) : null}
        {last ? (
          <div className={`notice notice-${last.result.problems.length ? 'warning' : 'success'}`} role="status" data-testid="peers-learned">
            <div className="notice-body">
              <div className="notice-title">
                {last.names}: {last.result.lines.read} lines read, {last.result.lines.understood} understood, {last.result.lines.malformed} malformed
              </div>
              {last.result.problems.length ? (
                <ul className="problem-list" data-testid="peers-problems">
                  {last.result.problems.map((p, i) => (
                    <li key={`${p.at}-${i}`}>
                      <strong>{p.at}:</strong> {p.reason}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </div>
        ) : null}
        {peers.length === 0 ? (
          <p className="hint">No peers learned yet{server ? ' for this port' : ''}.</p>
        ) : (
          <table className="peers-table" data-testid="peers-table">
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Calling AE</th>
                <th scope="col">Address</th>
                <th scope="col">Requests</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {peers.map((p) => (
                <tr key={JSON.stringify([p.host, p.port, p.calledAe, p.callingAe, p.address, p.accepted])} data-testid="peer-row" data-calling={p.callingAe ?? ''}>
                  <td className="mono">
                    {p.host ?? '?'}:{p.port ?? '?'}/{p.calledAe ?? '?'}
                  </td>
                  <td className="mono">{p.callingAe ?? dash}</td>
                  <td className="mono">{p.address ?? dash}</td>
                  <td>{p.operations.length ? p.operations.join(', ') : dash}</td>
                  <td>{p.firstSeen ? formatWhen(p.firstSeen) : dash}</td>
                  <td>{p.lastSeen ? formatWhen(p.lastSeen) : dash}</td>
                  <td className="num">{p.count}</td>
                  <td>{p.accepted ? 'accepted' : <strong>refused</strong>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {vs && (vs.seenNotInInventory.length > 0 || vs.notSeenRecently.length > 0) ? (
          <div data-testid="peers-vs-inventory">
            {vs.seenNotInInventory.length > 0 ? (
              <>
                <h3>Seen, not in the inventory: add them?</h3>
                <ul data-testid="peers-propose-add">
                  {vs.seenNotInInventory.map((p) => (
                    <li key={JSON.stringify([p.calledAe, p.callingAe, p.address])}>
                      <span className="mono">{p.callingAe}</span> at <span className="mono">{p.address ?? '?'}</span> called{' '}
                      <span className="mono">{p.calledAe ?? '?'}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {vs.notSeenRecently.length > 0 ? (
              <>
                <h3>In the inventory, not seen in {vs.days} days: review them (nothing is removed)</h3>
                <ul data-testid="peers-propose-review">
                  {vs.notSeenRecently.map((n) => (
                    <li key={JSON.stringify(n.node)}>
                      <span className="mono">{n.node.aeTitle}</span> at <span className="mono">{n.node.host}:{n.node.port}</span>
                      {n.lastSeen ? `, last seen ${formatWhen(n.lastSeen)}` : ', never seen'}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
