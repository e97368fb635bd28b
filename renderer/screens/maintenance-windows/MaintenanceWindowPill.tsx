/** The top bar's reminder of a maintenance window in progress, with its time left; opens it. */
import { useAppStore } from '../../store';
import { countdown } from '../../store/selectors/maintenance-windows';
import { useNow } from './useNow';

export function MaintenanceWindowPill() {
  const list = useAppStore((s) => s.maintenanceWindows.list.data);
  const selectedId = useAppStore((s) => s.maintenanceWindows.selectedId);
  const openMaintenanceWindow = useAppStore((s) => s.openMaintenanceWindow);
  const go = useAppStore((s) => s.go);
  const now = useNow();
  const open = (list ?? []).filter((w) => countdown(w, now).phase === 'open');
  // The window being followed, else the one that ends first.
  const w = open.find((x) => x.id === selectedId) ?? [...open].sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt))[0];
  if (!w) return null;
  return (
    <button
      type="button"
      className="pill pill-button"
      onClick={() => {
        if (w.id !== selectedId) openMaintenanceWindow(w.id);
        go('maintenance-windows');
      }}
      title={`Maintenance window "${w.name}" is in progress`}
      data-testid="window-pill"
    >
      <span className="pill-dot on" aria-hidden="true" />
      {w.name}: {countdown(w, now).label}
    </button>
  );
}
