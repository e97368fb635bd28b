/** A one-message box: errors say what happened and what to do; `role=alert` only for errors. */
import type { ReactNode, Ref } from 'react';

export type Tone = 'error' | 'warning' | 'success' | 'info';

/** `ref` + `focusable`: a message that takes focus when it appears (a refused scan). */
export function Notice({ tone, title, children, actions, testId, ref, focusable = false }: {
  tone: Tone;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
  ref?: Ref<HTMLDivElement>;
  focusable?: boolean;
}) {
  return (
    <div ref={ref} tabIndex={focusable ? -1 : undefined} className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <div className="notice-body">
        <div className="notice-title">{title}</div>
        {children ? <p>{children}</p> : null}
      </div>
      {actions ? <div className="notice-actions">{actions}</div> : null}
    </div>
  );
}
