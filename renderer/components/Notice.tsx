/** A one-message box: errors say what happened and what to do; `role=alert` only for errors. */
import type { ReactNode } from 'react';

export type Tone = 'error' | 'warning' | 'success' | 'info';

export function Notice({ tone, title, children, actions, testId }: {
  tone: Tone;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <div className="notice-body">
        <div className="notice-title">{title}</div>
        {children ? <p>{children}</p> : null}
      </div>
      {actions ? <div className="notice-actions">{actions}</div> : null}
    </div>
  );
}
