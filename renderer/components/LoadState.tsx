/**
 * The one loading / error / retry scaffold of every screen: while nothing is there yet a
 * spinner line says what is loading; a failure says what could not be loaded, in words,
 * with "Try again"; otherwise the content. Data already shown stays during a reload.
 */
import type { ReactNode } from 'react';
import { sentence } from './format';
import { Notice } from './Notice';

export interface LoadView {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
}

export function LoadingLine({ children, panel = true }: { children: ReactNode; panel?: boolean }) {
  return (
    <div className={panel ? 'panel panel-body status-line' : 'panel-body status-line'} role="status">
      <span className="spinner" aria-hidden="true" /> {children}
    </div>
  );
}

export function LoadError({ title, error, onRetry }: { title: string; error: string | null; onRetry?: () => void }) {
  return (
    <Notice
      tone="error"
      title={title}
      actions={
        onRetry ? (
          <button type="button" className="btn" onClick={onRetry}>
            Try again
          </button>
        ) : null
      }
    >
      {sentence(error ?? '')}
    </Notice>
  );
}

/**
 * `hasData`: something is there to show (a reload keeps it on screen).
 * `loading`: the words after the spinner; `failed`: the error's title.
 * `panel`: false inside a panel that already has its own frame.
 */
export function LoadState({
  state,
  hasData,
  loading,
  failed,
  onRetry,
  panel = true,
  children,
}: {
  state: LoadView;
  hasData: boolean;
  loading: ReactNode;
  failed: string;
  onRetry?: () => void;
  panel?: boolean;
  children: () => ReactNode;
}) {
  if (state.status === 'error') return <LoadError title={failed} error={state.error} onRetry={onRetry} />;
  if (!hasData && state.status !== 'ready') return <LoadingLine panel={panel}>{loading}</LoadingLine>;
  return <>{children()}</>;
}
