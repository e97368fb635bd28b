/** A labelled progress bar; the width is set through the CSSOM, which the CSP allows. */
export function ProgressBar({ percent, label, cancelled = false }: { percent: number; label: string; cancelled?: boolean }) {
  return (
    <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className={`progress-bar${cancelled ? ' cancelled' : ''}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
