/**
 * `npm run dev:web`: builds the renderer, serves it on 127.0.0.1 against the real
 * handlers (web bridge), and prints the address to open in a browser, once: its
 * `#token=…` fragment is the session's key (server.ts). For development on machines
 * without a display or an Electron binary. Public scopes are confirmed by typing a
 * code at this terminal (terminal-confirm.ts); without a terminal they are refused.
 *
 *   tsx electron/web-bridge/cli.ts [--port N] [--db FILE] [--no-build]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { refusePublicScope } from '../services/public-scope';
import { defaultDbPath } from '../store';
import { startWebBridge } from './server';
import { terminalPublicScopeConfirmer } from './terminal-confirm';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<number> {
  let values: { port?: string; db?: string; 'no-build'?: boolean };
  try {
    ({ values } = parseArgs({ options: { port: { type: 'string' }, db: { type: 'string' }, 'no-build': { type: 'boolean' } }, strict: true }));
  } catch (err) {
    console.error(`dev:web: ${err instanceof Error ? err.message : String(err)} (options: --port N, --db FILE, --no-build)`);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`dev:web: --port ${values.port}: give a port number 1-65535`);
    return 2;
  }
  if (values['no-build'] !== true) {
    const built = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) {
      console.error('dev:web: the renderer did not build (see above)');
      return 1;
    }
  }
  // Only a person at a terminal can confirm public addresses; piped or absent input cannot.
  const confirmPublicScope = process.stdin.isTTY === true ? terminalPublicScopeConfirmer({ input: process.stdin, output: process.stderr }) : refusePublicScope;
  const bridge = await startWebBridge({ port, dbPath: values.db ?? defaultDbPath(), staticDir: path.join(root, 'dist/renderer'), confirmPublicScope });
  console.log(`Collimator (web bridge) at ${bridge.launchUrl}`);
  console.log('Serving on 127.0.0.1 only. Open the address above (its #token is the key; it is printed only here). Ctrl+C stops it, with any scan and the practice lab.');
  if (process.stdin.isTTY !== true) console.log('No terminal input: public (non-private) addresses will be refused.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await bridge.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`dev:web: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
