// The lint holds the folders' layering (eslint.config.js LAYERS, lint/layers.js): an
// import planted the wrong way is an error under the repository's own config, the
// right way is none. Type information is switched off here (the layer rule does not
// use it), so planted files need not exist.
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked }],
  });
});

/** The layer-rule messages ESLint gives `code` as the file `file` (repository-relative). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const messages = result!.messages;
  // Anything else (a parse error) would make the test pass for the wrong reason.
  expect(messages.filter((m) => m.ruleId !== 'local/layers')).toEqual([]);
  for (const m of messages) expect(m.severity).toBe(2); // an error: `npm run lint` exits non-zero
  return messages.map((m) => m.message);
}

/** [file, import specifier, the layer the import reaches] */
const WRONG: Array<[string, string, string]> = [
  ['shared/planted.ts', '../electron/engine/scan', 'engine'],
  ['shared/planted.ts', '../electron/cli/args', 'cli'],
  ['shared/playbooks/planted.ts', '../../renderer/store/selectors/hosts', 'renderer'],
  ['electron/engine/planted.ts', '../store', 'store'],
  ['electron/engine/dicom/planted.ts', '../../remediation/verify-run', 'remediation'],
  ['electron/store/planted.ts', '../engine/types', 'engine'],
  ['electron/practice-lab/planted.ts', '../engine/scan', 'engine'],
  ['electron/remediation/planted.ts', '../cli/args', 'cli'],
  ['electron/remediation/planted.ts', '../services/real-deps', 'services'],
  ['electron/remediation/planted.ts', '../records/service', 'records'],
  ['electron/records/planted.ts', '../remediation/inventory-csv', 'remediation'],
  ['electron/records/planted.ts', '../cli/output/text', 'cli'],
  ['electron/records/planted.ts', '../services/errors', 'services'],
  ['electron/scan-run.ts', './cli/scan-prepare', 'cli'],
  ['electron/scan-run.ts', './services/real-deps', 'services'],
  ['electron/cli/planted.ts', '../services/real-deps', 'services'],
  ['electron/cli/commands/planted.ts', '../../ipc/handlers', 'ipc'],
  ['electron/services/planted.ts', '../cli/inventory-csv', 'cli'],
  ['electron/services/planted.ts', '../ipc/dispatcher', 'ipc'],
  ['electron/ipc/planted.ts', '../engine/scan', 'engine'],
  ['electron/ipc/planted.ts', '../cli/main', 'cli'],
  ['electron/preload.ts', './services/events', 'services'],
  ['electron/web-bridge/planted.ts', '../cli/main', 'cli'],
  ['renderer/store/planted.ts', '../../electron/engine/types', 'engine'],
  ['renderer/screens/planted.tsx', '../../electron/services/app-services', 'services'],
];

const RIGHT: Array<[string, string]> = [
  ['shared/planted.ts', './host'],
  ['electron/engine/dicom/planted.ts', '../types'],
  ['electron/engine/planted.ts', '../../shared/host'],
  ['electron/store/planted.ts', '../../shared/fails'],
  ['electron/remediation/planted.ts', '../engine/verify'],
  ['electron/remediation/planted.ts', '../store'],
  ['electron/records/planted.ts', '../../shared/host'],
  ['electron/records/planted.ts', '../store'],
  ['electron/scan-run.ts', './engine/scan'],
  ['electron/scan-run.ts', './store'],
  ['electron/scan-run.ts', './remediation/verify-run'],
  ['electron/scan-run.ts', './records/service'],
  ['electron/scan-run.ts', '../shared/host'],
  ['electron/cli/planted.ts', '../scan-run'],
  ['electron/cli/planted.ts', '../remediation/inventory-csv'],
  ['electron/cli/planted.ts', '../practice-lab/practice'],
  ['electron/services/planted.ts', '../scan-run'],
  ['electron/services/planted.ts', '../remediation/inventory-csv'],
  ['electron/services/planted.ts', '../records/service'],
  ['electron/ipc/planted.ts', '../services/app-services'],
  ['electron/ipc/planted.ts', '../remediation/errors'],
  ['electron/main.ts', './ipc/handlers'],
  ['electron/web-bridge/planted.ts', '../ipc/dispatcher'],
  ['electron/preload.ts', '../shared/contract'],
  ['renderer/store/planted.ts', '../../shared/contract'],
];

describe('lint: layers', () => {
  it.each(WRONG)('%s importing %s is an error', async (file, spec, to) => {
    const errors = await layerErrors(file, `import { x } from '${spec}';\nexport const y = x;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`may not import ${to}`);
  });

  it.each(RIGHT)('%s importing %s is allowed', async (file, spec) => {
    expect(await layerErrors(file, `import { x } from '${spec}';\nexport const y = x;\n`)).toEqual([]);
  });

  it('holds every form of import: type-only, re-export, export *, dynamic, and import types', async () => {
    const code = [
      "import type { T } from '../cli/args';",
      "export { parse } from '../cli/args';",
      "export * from '../cli/errors';",
      "export const load = () => import('../cli/main');",
      "export type M = typeof import('../cli/io');",
      'export type U = T;',
      '',
    ].join('\n');
    expect(await layerErrors('electron/services/planted.ts', code)).toHaveLength(5);
  });

  it('refuses an import that leaves the layers (a test helper in app code)', async () => {
    const [message] = await layerErrors('electron/engine/planted.ts', "import { x } from '../../test/unit/engine/dicom/fake-peer';\nexport const y = x;\n");
    expect(message).toContain('outside the app');
  });

  it('leaves packages and files outside the layers (tests, scripts) alone', async () => {
    expect(await layerErrors('electron/engine/planted.ts', "import { z } from 'zod';\nexport const y = z;\n")).toEqual([]);
    expect(await layerErrors('test/unit/planted.test.ts', "import { x } from '../../electron/cli/args';\nexport const y = x;\n")).toEqual([]);
  });
});

describe('lint: packages by process', () => {
  /** The no-restricted-imports messages for `code` as `file`. */
  async function packageErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it('keeps Electron out of the engine, store, runners and shared, and Node out of shared and the renderer', async () => {
    expect(await packageErrors('electron/engine/planted.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await packageErrors('electron/scan-run.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await packageErrors('shared/planted.ts', "import { isIP } from 'node:net';\nexport const a = isIP;\n")).toHaveLength(1);
    expect(await packageErrors('renderer/planted.ts', "import { ipcRenderer } from 'electron/renderer';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    expect(await packageErrors('electron/ipc/planted.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n")).toEqual([]);
  });
});
