/** The toasts of components/toast.ts, bottom right, in a polite live region (mounted once by the shell). */
import { useSyncExternalStore } from 'react';
import { currentToasts, dismissToast, subscribeToasts } from './toast';

export function Toasts() {
  const toasts = useSyncExternalStore(subscribeToasts, currentToasts);
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <div key={t.id} className="toast" data-testid="toast">
          <span className="toast-glyph" aria-hidden="true">
            ✓
          </span>
          <span className="toast-text">
            {t.text}
            {t.fileName ? (
              <>
                {' '}
                <span className="mono toast-file">{t.fileName}</span>
              </>
            ) : null}
          </span>
          <button type="button" className="toast-close" onClick={() => dismissToast(t.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
