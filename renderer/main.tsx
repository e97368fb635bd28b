/** Entry point: styles, the store's event wiring, then React. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bridge } from './bridge';
import { useAppStore } from './store';
import { boot } from './store/boot';
import { applyTheme, followSystemTheme } from './store/theme';
import './styles/base.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/remediation.css';
import './styles/inventory.css';
import './styles/maintenance-windows.css';
import './styles/records.css';
import './styles/table.css';
import './styles/theme-dark.css';
import './styles/print.css';

// The theme before the first paint, then live with the system's preference.
applyTheme(useAppStore.getState().theme);
followSystemTheme(() => useAppStore.getState().theme);

const api = bridge();
if (api) boot(api);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
