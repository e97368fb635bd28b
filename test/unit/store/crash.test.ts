/**
 * kill -9 in the middle of a scan: every service whose saveService returned is
 * there after a reopen, the one caught mid-transaction is not there at all, and the
 * database opens cleanly (WAL recovery) and passes an integrity check.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store';
import { tempDirs } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const writer = path.join(here, 'fixtures', 'crash-writer.ts');
const dirs = tempDirs();
let child: ChildProcess | undefined;

afterEach(() => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  dirs.cleanup();
});

/** Resolves with all stdout so far once `line` appears; rejects on exit or after `ms` (a deadline that always fires). */
function waitForLine(proc: ChildProcess, line: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => finish(new Error(`no "${line}" within ${ms} ms; stdout: ${out} stderr: ${err}`)), ms);
    const onOut = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) finish();
    };
    const onErr = (chunk: Buffer) => (err += chunk.toString());
    const onExit = (code: number | null) => finish(new Error(`writer exited (${code}) before "${line}"; stderr: ${err}`));
    function finish(e?: Error): void {
      clearTimeout(timer);
      proc.stdout?.off('data', onOut);
      proc.stderr?.off('data', onErr);
      proc.off('exit', onExit);
      if (e) reject(e);
      else resolve(out);
    }
    proc.stdout?.on('data', onOut);
    proc.stderr?.on('data', onErr);
    proc.on('exit', onExit);
  });
}

function exited(proc: ChildProcess): Promise<NodeJS.Signals | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.signalCode);
  return new Promise((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
}

describe('a scan killed with SIGKILL', () => {
  it('keeps every committed service, none of the interrupted one, and opens cleanly', async () => {
    const file = path.join(dirs.make(), 'collimator.db');
    const saved = 7;
    child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(saved)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = await waitForLine(child, 'in-transaction', 30_000);
    expect(out).toContain(`saved ${saved}\n`);
    child.kill('SIGKILL');
    expect(await exited(child)).toBe('SIGKILL');

    // The commits live in the WAL, not yet checkpointed into the main file: reopening must recover them.
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);

    const store = openStore(file);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      const report = store.getScan('crash')!;
      expect(report.scan.finishedAt).toBe('');
      expect(report.services).toHaveLength(saved);
      for (const s of report.services) expect(s.checks.map((c) => c.id)).toEqual(['dicom.detected', 'dicom.any-calling-ae', 'dicom.plaintext']);
      expect(report.services.map((s) => s.checks[0]!.evidence.i)).toEqual([...Array(saved).keys()]);
      // The interrupted service (index `saved`) left nothing: no row, no orphan checks.
      expect(store.db.prepare('SELECT count(*) FROM services').pluck().get()).toBe(saved);
      expect(store.db.prepare('SELECT count(*) FROM check_results').pluck().get()).toBe(saved * 3);
      expect(store.listScans()[0]).toMatchObject({ id: 'crash', finishedAt: null, services: saved });
      // And the scan can still be finished.
      store.finishScan('crash', new Date().toISOString(), true);
      expect(store.getScan('crash')?.scan.cancelled).toBe(true);
    } finally {
      store.close();
    }
  });
});
