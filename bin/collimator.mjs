#!/usr/bin/env node
// The `collimator` command (package.json "bin"). It runs the TypeScript sources
// through tsx, so `npx collimator ...` works right after `npm ci`, with no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { run } = await import('../electron/cli/main.ts');
const code = await run(process.argv.slice(2));
// Let stdout drain (a pipe to `jq` may still hold the report), then exit even if a
// library left a timer or socket behind: the command's work is over.
process.stdout.write('', () => process.exit(code));
