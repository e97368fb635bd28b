/** Maintenance windows: plan one, follow it with its countdown and progress, read what it achieved. */
import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';
import { maintenanceWindowSpan } from '../../store/selectors/maintenance-windows';
import { PhaseBadge, MaintenanceWindowDetail } from './MaintenanceWindowDetail';
import { MaintenanceWindowCreateForm } from './MaintenanceWindowCreateForm';
import { LoadError } from '../../components/LoadState';

export function MaintenanceWindowsScreen() {
  const maintenanceWindows = useAppStore((s) => s.maintenanceWindows);
  const loadMaintenanceWindows = useAppStore((s) => s.loadMaintenanceWindows);
  const openMaintenanceWindow = useAppStore((s) => s.openMaintenanceWindow);
  const refreshMaintenanceWindow = useAppStore((s) => s.refreshMaintenanceWindow);
  const [creating, setCreating] = useState(false);
  const list = maintenanceWindows.list.data ?? [];

  useEffect(() => {
    void loadMaintenanceWindows();
    // Steps and re-checks made elsewhere since: show the followed window as it is now.
    void refreshMaintenanceWindow();
  }, [loadMaintenanceWindows, refreshMaintenanceWindow]);

  let main;
  if (creating) main = <MaintenanceWindowCreateForm onClose={() => setCreating(false)} />;
  else if (maintenanceWindows.selectedId) main = <MaintenanceWindowDetail />;
  else if (maintenanceWindows.list.status === 'ready' && list.length === 0)
    main = (
      <div className="panel">
        <EmptyState
          title="No maintenance windows yet"
          action={
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              Plan a window
            </button>
          }
        >
          Plan the hours you have agreed with radiology to make changes: pick the servers, then follow the countdown, the checklist
          progress and the re-checks. At the end you get what was fixed, what is still open and what regressed.
        </EmptyState>
      </div>
    );
  else
    main = (
      <div className="panel">
        <EmptyState title="Choose a window">Choose a window in the list to follow it, or plan a new one.</EmptyState>
      </div>
    );

  return (
    <div className="screen">
      <ScreenHead
        title="Maintenance windows"
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} disabled={creating}>
            Plan a window
          </button>
        }
      >
        The agreed hours for changes to imaging servers, with their progress. They are kept in the database and resume after a restart.
      </ScreenHead>
      {maintenanceWindows.list.status === 'error' ? <LoadError title="The windows could not be loaded." error={maintenanceWindows.list.error} onRetry={() => void loadMaintenanceWindows()} /> : null}
      <div className="win-layout">
        {list.length > 0 ? (
          <nav className="panel win-list" aria-label="Maintenance windows">
            <ul>
              {list.map((w) => (
                <li key={w.id}>
                  <button
                    type="button"
                    className="win-item"
                    aria-current={!creating && w.id === maintenanceWindows.selectedId ? 'true' : undefined}
                    onClick={() => {
                      setCreating(false);
                      openMaintenanceWindow(w.id);
                    }}
                    data-testid="window-item"
                  >
                    <span className="win-item-name">{w.name}</span>
                    <span className="hint">{maintenanceWindowSpan(w)}</span>
                    <span className="win-item-meta">
                      <PhaseBadge phase={w.phase} />
                      <span className="hint">
                        {w.servers.length} {w.servers.length === 1 ? 'server' : 'servers'}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="win-main">{main}</div>
      </div>
    </div>
  );
}
