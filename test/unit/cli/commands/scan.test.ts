/**
 * The scan command in-process, with the engine replaced by a scripted fake: what is
 * stored when, what is printed, and the exit code, including Ctrl-C at each stage.
 * (The real engine against real servers: test/cli/scan.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanHooks, ScanRequest } from '../../../../electron/engine/scan';
import { openStore } from '../../../../electron/store';
import type { ScanReport, ServiceResult } from '../../../../shared/types';
import { fixtureReport } from '../fixtures';
import { memoryIO, type MemoryIO } from '../memory-io';

type FakeScan = (req: ScanRequest, hooks: ScanHooks) => Promise<ScanReport>;
let fake: FakeScan = () => Promise.reject(new Error('no fake set'));

vi.mock('../../../../electron/engine/scan', () => ({
  TOOL_VERSION: '0.1.0',
  runScan: (req: ScanRequest, hooks: ScanHooks) => fake(req, hooks),
}));

const { run } = await import('../../../../electron/cli/commands/scan');

const dir = mkdtempSync(path.join(tmpdir(), 'clm-scancmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let db = '';
beforeEach(() => {
  db = path.join(dir, `s${++n}.db`);
});

const START = { id: 'scan-1', startedAt: '2025-01-01T10:00:00.000Z', hosts: 1, ports: [104, 4242, 8042, 11112] };
const openServices = (): ServiceResult[] => fixtureReport().services.filter((s) => s.state === 'open');

function reportOf(services: ServiceResult[], cancelled = false): ScanReport {
  const r = fixtureReport();
  return { ...r, scan: { ...r.scan, ...(cancelled ? { cancelled: true } : {}) }, services, summary: { services: services.length, fail: r.summary.fail } };
}

/** Resolves when the scan's signal aborts. */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => (signal?.aborted ? resolve() : signal?.addEventListener('abort', () => resolve(), { once: true })));
}

function stored(id: string): ScanReport | undefined {
  const store = openStore(db);
  try {
    return store.getScan(id);
  } finally {
    store.close();
  }
}

async function scan(argv: string[], io: MemoryIO = memoryIO()): Promise<{ code: number; io: MemoryIO }> {
  return { code: await run([...argv, '--db', db], io), io };
}

describe('scan command', () => {
  it('passes the request through, stores each service as it arrives, prints the table, exits 0', async () => {
    let seen: ScanRequest | undefined;
    fake = (req, hooks) => {
      seen = req;
      hooks.onStart?.(START);
      hooks.onProgress?.({ phase: 'sweep', done: 4, total: 4, found: 3, probed: 0 });
      for (const s of openServices()) hooks.onService?.(s);
      hooks.onProgress?.({ phase: 'done', done: 4, total: 4, found: 3, probed: 3 });
      return Promise.resolve(reportOf(openServices()));
    };
    const { code, io } = await scan(['127.0.0.1', '--ports', '104,4242', '--concurrency', '8', '--rate', '50', '--all', '--calling-ae', 'AUDIT']);
    expect(code).toBe(0);
    expect(seen).toMatchObject({ targets: ['127.0.0.1'], ports: [104, 4242], concurrency: 8, ratePerSecond: 50, includeClosed: true, allowLargeScope: false, allowPublic: false });
    expect(seen?.options.callingAe).toBe('AUDIT');
    expect(io.out()).toMatch(/^Collimator 0\.1\.0 scan scan-1/);
    expect(io.out()).toContain('calling AE AUDIT');
    expect(io.err()).toContain('swept 4/4 · found 3 · probed 3');
    const s = stored('scan-1');
    expect(s?.services).toHaveLength(3);
    expect(s?.scan.finishedAt).toBe('2025-01-01T10:00:05.000Z');
    expect(s?.scan.cancelled).toBeUndefined();
  });

  it('exits 1 when a fail is at or above --fail-on', async () => {
    fake = (_req, hooks) => {
      hooks.onStart?.(START);
      return Promise.resolve(reportOf(openServices()));
    };
    expect((await scan(['127.0.0.1', '--fail-on', 'critical'])).code).toBe(1);
    fake = (_req, hooks) => {
      hooks.onStart?.({ ...START, id: 'scan-2' });
      return Promise.resolve(reportOf([]));
    };
    expect((await scan(['127.0.0.1', '--fail-on', 'info'])).code).toBe(0);
  });

  it('prints only the JSON document on stdout with --json, and no progress when stderr is not a terminal', async () => {
    fake = (_req, hooks) => {
      hooks.onStart?.(START);
      hooks.onProgress?.({ phase: 'sweep', done: 1, total: 4, found: 0, probed: 0 });
      return Promise.resolve(reportOf(openServices()));
    };
    const { code, io } = await scan(['127.0.0.1', '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out()) as ScanReport;
    expect(doc.services).toHaveLength(3);
    expect(io.err()).toBe('');
  });

  it('on Ctrl-C: cancels the scan, stores it as cancelled, prints what was found, exits 130', async () => {
    const io = memoryIO();
    fake = async (_req, hooks) => {
      hooks.onStart?.(START);
      hooks.onService?.(openServices()[0]!);
      // The scan is under way: the user presses Ctrl-C.
      expect(io.raise('SIGINT')).toBe(true);
      await aborted(hooks.signal);
      return reportOf(openServices().slice(0, 1), true);
    };
    const { code } = await scan(['127.0.0.1'], io);
    expect(code).toBe(130);
    expect(io.err()).toContain('stopping the scan');
    expect(io.out()).toContain('Cancelled:');
    expect(stored('scan-1')?.scan.cancelled).toBe(true);
    expect(stored('scan-1')?.services).toHaveLength(1);
    // The handler is gone: a second Ctrl-C would take the default and end the process.
    expect(io.raise('SIGINT')).toBe(false);
  });

  it('on SIGTERM with --json: the document says cancelled, exit 143', async () => {
    const io = memoryIO();
    fake = async (_req, hooks) => {
      hooks.onStart?.(START);
      io.raise('SIGTERM');
      await aborted(hooks.signal);
      return reportOf([], true);
    };
    const { code } = await scan(['127.0.0.1', '--json'], io);
    expect(code).toBe(143);
    expect((JSON.parse(io.out()) as ScanReport).scan.cancelled).toBe(true);
  });

  it('builds the report from what arrived if the engine rejects after the abort', async () => {
    const io = memoryIO();
    fake = async (_req, hooks) => {
      hooks.onStart?.(START);
      hooks.onService?.(openServices()[1]!);
      io.raise('SIGINT');
      await aborted(hooks.signal);
      throw new DOMException('aborted', 'AbortError');
    };
    const { code } = await scan(['127.0.0.1', '--json'], io);
    expect(code).toBe(130);
    const doc = JSON.parse(io.out()) as ScanReport;
    expect(doc.scan).toMatchObject({ id: 'scan-1', cancelled: true });
    expect(doc.services.map((s) => s.port)).toEqual([4242]);
    expect(stored('scan-1')?.scan.cancelled).toBe(true);
  });

  it('says so when Ctrl-C comes before the scan started', async () => {
    const io = memoryIO();
    fake = async (_req, hooks) => {
      io.raise('SIGINT');
      await aborted(hooks.signal);
      throw new DOMException('aborted', 'AbortError');
    };
    const { code } = await scan(['127.0.0.1'], io);
    expect(code).toBe(130);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/cancelled before the scan started/);
  });

  it('treats an unexpected engine failure as an internal error, and closes the record', async () => {
    fake = (_req, hooks) => {
      hooks.onStart?.(START);
      return Promise.reject(new Error('boom'));
    };
    await expect(scan(['127.0.0.1'])).rejects.toThrow('boom');
    expect(stored('scan-1')?.scan.cancelled).toBe(true);
  });
});
