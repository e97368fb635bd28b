/**
 * "Attach to the server's record" (issue 13): beside a service the reconcile table shows
 * closed as seen from the internet, on the Internet view and the Server screen. The main
 * process checks the table again and refuses (nothing written) when it no longer shows
 * the closure or maps it elsewhere; once attached, it says "attached" and the server's
 * next signed record carries it. Attached as the person at the keyboard (`operatorName`).
 */
import { useEffect, useState } from 'react';
import { serverKey } from '../../../shared/host';
import type { AttachedInternetClosure } from '../../../shared/internet';
import { call } from '../../bridge';
import { useAppStore } from '../../store';

// One read of the attached closures for every button on screen (a table may show many).
let loaded: { at: number; list: Promise<AttachedInternetClosure[]> } | null = null;
const listeners = new Set<() => void>();
const FRESH_MS = 2000;

function attachedList(): Promise<AttachedInternetClosure[]> {
  if (!loaded || Date.now() - loaded.at > FRESH_MS) {
    loaded = { at: Date.now(), list: call((api) => api.internet.closures()).then((r) => (r.ok ? r.value.closures : [])) };
  }
  return loaded.list;
}

function useAttached(): AttachedInternetClosure[] | null {
  const [list, setList] = useState<AttachedInternetClosure[] | null>(null);
  useEffect(() => {
    let live = true;
    const load = (): void => {
      void attachedList().then((l) => {
        if (live) setList(l);
      });
    };
    load();
    listeners.add(load);
    return () => {
      live = false;
      listeners.delete(load);
    };
  }, []);
  return list;
}

export interface AttachClosureProps {
  /** The public host:port the internet saw. */
  publicHost: string;
  port: number;
  /** The server it maps to (the inside host). */
  insideHost: string;
  /** When the later outside view no longer showed it; null: not closed (nothing shown). */
  closedAt: string | null;
  /** In a table row: the button says "Attach" (its name still the whole "Attach to the server's record"). */
  compact?: boolean;
}

export function AttachClosure({ publicHost, port, insideHost, closedAt, compact = false }: AttachClosureProps) {
  const attached = useAttached();
  const operatorName = useAppStore((s) => s.operatorName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (closedAt === null || attached === null) return null;
  const server = { host: insideHost, port };
  const mine = attached.find((c) => c.publicHost === publicHost && c.publicPort === port && c.host === insideHost && c.closedAt === closedAt);
  if (mine) {
    return (
      <span className="hint" data-testid="closure-attached" title={`Attached by ${mine.attachedBy} on ${mine.attachedAt.slice(0, 10)}: the next signed record of ${serverKey(server)} carries it`}>
        {' '}· attached
      </span>
    );
  }
  const attach = async (): Promise<void> => {
    const by = operatorName.trim();
    if (by === '') {
      setError('Say who you are first (your name, in the Fix screen): the record names who attached it.');
      return;
    }
    setBusy(true);
    setError(null);
    const r = await call((api) => api.internet.attachClosure({ publicHost, port, by, server }));
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    loaded = null;
    for (const l of listeners) l();
  };
  return (
    <span className="attach-closure">
      {' '}
      <button
        type="button"
        className={compact ? 'btn btn-small' : 'btn'}
        disabled={busy}
        onClick={() => void attach()}
        data-testid="attach-closure"
        aria-label={compact && !busy ? "Attach to the server's record" : undefined}
        title={`Attach to the server's record: evidence for the next signed record of ${serverKey(server)}`}
      >
        {busy ? 'Attaching…' : compact ? 'Attach' : "Attach to the server's record"}
      </button>
      {error ? (
        <span className="hint" role="alert" title={error} data-testid="attach-closure-error">
          {' '}
          {error}
        </span>
      ) : null}
    </span>
  );
}
