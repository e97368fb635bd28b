/** The app frame: top bar, the screens in the order an admin walks them, the current screen. */
import { useEffect } from 'react';
import { serverKey } from '../shared/remediation';
import { BRIDGE_MISSING, bridge } from './bridge';
import { Notice } from './components/Notice';
import { scrollBox, useInPageLinks } from './components/reveal';
import { ThemeControl } from './components/ThemeControl';
import { Toasts } from './components/Toasts';
import { HistoryScreen } from './screens/history/HistoryScreen';
import { InventoryScreen } from './screens/inventory/InventoryScreen';
import { InternetScreen } from './screens/internet/InternetScreen';
import { RecordScreen } from './screens/records/RecordScreen';
import { RecordsScreen } from './screens/records/RecordsScreen';
import { SignoffScreen } from './screens/records/SignoffScreen';
import { RemediationScreen } from './screens/remediation/RemediationScreen';
import { ScopeScreen } from './screens/scope/ScopeScreen';
import { ServerScreen } from './screens/server/ServerScreen';
import { ServersScreen } from './screens/servers/ServersScreen';
import { MaintenanceWindowPill } from './screens/maintenance-windows/MaintenanceWindowPill';
import { MaintenanceWindowsScreen } from './screens/maintenance-windows/MaintenanceWindowsScreen';
import { useAppStore } from './store';
import { isActive } from './store/scan';
import { progressView } from './store/selectors/progress';
import type { View } from './store/ui';

const fmt = new Intl.NumberFormat('en-US');

/** `current`: also marked as the page showing (a record's detail belongs to Records). */
function NavItem({ view, step, label, count, sub, disabled = false, current: alsoCurrent = false }: { view: View; step?: string; label: string; count?: string; sub?: string; disabled?: boolean; current?: boolean }) {
  const shown = useAppStore((s) => s.view);
  const current = alsoCurrent ? view : shown;
  const go = useAppStore((s) => s.go);
  return (
    <button type="button" className="nav-item" aria-current={current === view ? 'page' : undefined} disabled={disabled} onClick={() => go(view)}>
      {step ? (
        <span className="nav-step" aria-hidden="true">
          {step}
        </span>
      ) : null}
      <span className="nav-label">
        {label}
        {sub ? <span className="nav-sub mono">{sub}</span> : null}
      </span>
      {count ? <span className="nav-count">{count}</span> : null}
    </button>
  );
}

function TopBar() {
  const appInfo = useAppStore((s) => s.appInfo);
  const practiceLabRunning = useAppStore((s) => s.practiceLab.status === 'running');
  const current = useAppStore((s) => s.scan.current);
  const scanning = isActive(current?.status);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Collimator
        <span className="brand-sub">Imaging network exposure</span>
      </div>
      <div className="topbar-spacer" />
      <div className="topbar-meta">
        <MaintenanceWindowPill />
        {scanning ? (
          <span className="pill" role="status">
            <span className="pill-dot on" aria-hidden="true" />
            Scanning {progressView(current?.progress ?? null).percent}%
          </span>
        ) : null}
        <span className="pill">
          <span className={`pill-dot${practiceLabRunning ? ' on' : ''}`} aria-hidden="true" />
          Practice lab {practiceLabRunning ? 'running' : 'off'}
        </span>
        {appInfo ? (
          <span>
            v{appInfo.version}
            {appInfo.transport === 'web' ? ' · browser preview' : ''}
          </span>
        ) : null}
        <ThemeControl />
      </div>
    </header>
  );
}

function Screen({ view }: { view: View }) {
  switch (view) {
    case 'scope':
      return <ScopeScreen />;
    case 'servers':
      return <ServersScreen />;
    case 'server':
      return <ServerScreen />;
    case 'remediation':
      return <RemediationScreen />;
    case 'signoff':
      return <SignoffScreen />;
    case 'records':
      return <RecordsScreen />;
    case 'record':
      return <RecordScreen />;
    case 'inventory':
      return <InventoryScreen />;
    case 'maintenance-windows':
      return <MaintenanceWindowsScreen />;
    case 'history':
      return <HistoryScreen />;
    case 'internet':
      return <InternetScreen />;
  }
}

export function App() {
  const serviceCount = useAppStore((s) => s.report.data?.services.length);
  const selectedKey = useAppStore((s) => s.selectedKey);
  const scanCount = useAppStore((s) => s.history.scans.length);
  const fixServer = useAppStore((s) => s.fix.server);
  const nodeCount = useAppStore((s) => (s.inventory.status === 'ready' ? s.inventory.nodes.length : undefined));
  const maintenanceWindowCount = useAppStore((s) => s.maintenanceWindows.list.data?.length);
  const signoffServer = useAppStore((s) => s.records.signoff?.server);
  const recordCount = useAppStore((s) => s.records.list.data?.length);
  const view = useAppStore((s) => s.view);
  useInPageLinks();
  // Each screen opens at its top: <main> is one scroll box shared by all screens.
  useEffect(() => {
    scrollBox()?.scrollTo({ top: 0 });
  }, [view]);

  if (!bridge()) {
    return (
      <div className="screen">
        <Notice tone="error" title="Collimator is not connected.">
          {BRIDGE_MISSING}
        </Notice>
      </div>
    );
  }

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to the current screen
      </a>
      <TopBar />
      <div className="frame">
        <nav className="sidebar" aria-label="Screens">
          <NavItem view="scope" step="1" label="Scope & scan" />
          <NavItem view="servers" step="2" label="Servers" count={serviceCount !== undefined ? fmt.format(serviceCount) : undefined} />
          <NavItem view="server" step="3" label="Server" sub={selectedKey ?? undefined} disabled={!selectedKey} />
          <NavItem view="remediation" step="4" label="Fix & verify" sub={fixServer ? serverKey(fixServer) : undefined} disabled={!fixServer} />
          <NavItem view="signoff" step="5" label="Sign-off" sub={signoffServer ? serverKey(signoffServer) : undefined} disabled={!signoffServer} />
          <div className="nav-sep" role="separator" />
          <NavItem view="records" label="Records" count={recordCount ? fmt.format(recordCount) : undefined} current={view === 'record'} />
          <NavItem view="maintenance-windows" label="Maintenance windows" count={maintenanceWindowCount ? fmt.format(maintenanceWindowCount) : undefined} />
          <NavItem view="inventory" label="Inventory" count={nodeCount ? fmt.format(nodeCount) : undefined} />
          <NavItem view="history" label="Scan history" count={scanCount ? fmt.format(scanCount) : undefined} />
          <NavItem view="internet" label="Internet view" />
        </nav>
        <main id="main" className="main">
          <Screen key={view} view={view} />
        </main>
      </div>
      <Toasts />
    </div>
  );
}
