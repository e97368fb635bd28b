/**
 * The heading of a screen. It takes focus when the screen opens, so keyboard
 * and screen-reader users land at the top of the new content.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function ScreenHead({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="screen-head">
      <div>
        <h1 ref={ref} tabIndex={-1}>
          {title}
        </h1>
        {children ? <p>{children}</p> : null}
      </div>
      {actions ? <div className="screen-actions">{actions}</div> : null}
    </div>
  );
}
