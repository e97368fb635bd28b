#!/usr/bin/env node
/**
 * The electronegativity gate. @doyensec/electronegativity always exits 0, whatever it
 * finds, so this runs it with SARIF output and fails (exit 1) on any finding above a
 * note (SARIF level `warning` or `error`; a result without a level counts as
 * `warning`, the SARIF default), and also when the tool did not produce a readable
 * report, so a crash never passes as "clean".
 *
 *   node scripts/electronegativity-gate.mjs             the app's source (electron/, renderer/, shared/, package.json)
 *   node scripts/electronegativity-gate.mjs --input DIR  another tree (the tests use a deliberately weakened copy)
 *
 * The source is copied to a temporary directory first: the tool walks every file
 * under its input (node_modules included, before filtering), and needs package.json
 * next to the code to learn the Electron version.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['electron', 'renderer', 'shared', 'package.json'];
const PASSING = new Set(['note', 'none']);

function stage(dir) {
  for (const s of SOURCES) {
    const from = path.join(root, s);
    if (existsSync(from)) cpSync(from, path.join(dir, s), { recursive: true, filter: (f) => !f.includes(`${path.sep}node_modules`) });
  }
}

function main() {
  const i = process.argv.indexOf('--input');
  const work = mkdtempSync(path.join(tmpdir(), 'collimator-eneg-'));
  try {
    let input;
    if (i >= 0) {
      input = path.resolve(process.argv[i + 1] ?? '');
      if (!existsSync(input)) {
        console.error(`electronegativity gate: --input ${process.argv[i + 1] ?? ''}: no such directory`);
        return 2;
      }
    } else {
      input = path.join(work, 'app');
      stage(input);
    }
    const sarif = path.join(work, 'report.sarif');
    const cli = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
    const run = spawnSync(process.execPath, [cli, '-i', input, '-o', sarif, '-r', '-v', 'false'], { encoding: 'utf8', timeout: 300_000 });
    if (run.error || !existsSync(sarif)) {
      console.error(`electronegativity gate: the tool produced no report (${run.error?.message ?? `exit ${run.status}`})`);
      if (run.stderr) console.error(run.stderr.trim());
      return 1;
    }
    let results;
    try {
      const doc = JSON.parse(readFileSync(sarif, 'utf8'));
      results = doc.runs?.[0]?.results;
      if (!Array.isArray(results)) throw new Error('no runs[0].results');
    } catch (err) {
      console.error(`electronegativity gate: unreadable SARIF report (${err instanceof Error ? err.message : String(err)})`);
      return 1;
    }
    const where = (r) => {
      const loc = r.locations?.[0]?.physicalLocation;
      return `${loc?.artifactLocation?.uri ?? '?'}:${loc?.region?.startLine ?? '?'}`;
    };
    const bad = results.filter((r) => !PASSING.has(r.level ?? 'warning'));
    for (const r of results) {
      const level = r.level ?? 'warning';
      const line = `${level.padEnd(7)} ${r.ruleId} ${where(r)}: ${r.message?.text ?? ''}`;
      if (PASSING.has(level)) console.log(line);
      else console.error(line);
    }
    if (bad.length > 0) {
      console.error(`electronegativity gate: FAILED, ${bad.length} finding(s) above note`);
      return 1;
    }
    console.log(`electronegativity gate: passed (${results.length} note(s), nothing above note)`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exit(main());
