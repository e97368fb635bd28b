#!/usr/bin/env node
// The `collimator` command (package.json "bin"). It runs from the TypeScript sources,
// so `npx collimator ...` works right after `npm ci`, with no build step: load-cli.mjs
// starts it from a bundle made on first use (and remade when a source changes), or
// through tsx where that is not possible.
import { loadCli } from './load-cli.mjs';

const { run } = await loadCli();
const code = await run(process.argv.slice(2));
// Let stdout drain (a pipe to `jq` may still hold the report), then exit even if a
// library left a timer or socket behind: the command's work is over.
process.stdout.write('', () => process.exit(code));
