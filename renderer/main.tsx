/** Entry point: styles, the store's event wiring, then React. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bridge } from './bridge';
import { boot } from './store/boot';
import './styles/base.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/remediation.css';
import './styles/inventory.css';
import './styles/windows.css';
import './styles/records.css';
import './styles/table.css';

const api = bridge();
if (api) boot(api);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
