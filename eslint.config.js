// Lint: type-aware rules, plus the process boundaries of design/architecture.md.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'bench/results/**', 'test-results/**', 'playwright-report/**', 'release/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The engine, the store and shared/ run under the CLI and the tests too: no Electron here.
    files: ['electron/engine/**', 'electron/store/**', 'electron/records/**', 'electron/remediation/**', 'electron/cli/**', 'electron/lab/**', 'shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'engine, store, records, cli and shared must run without Electron' }] }],
    },
  },
  {
    // shared/ is pure TypeScript: nothing from the main process, the renderer or Node.
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'node:*', '**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from electron/, renderer/ or Node' },
      ] }],
    },
  },
  {
    // The renderer is a sandboxed web page: everything goes through window.collimator.
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'electron/*', 'node:*', '**/electron/**'], message: 'the renderer talks to the main process only through window.collimator (shared/contract.ts)' },
      ] }],
    },
  },
);
