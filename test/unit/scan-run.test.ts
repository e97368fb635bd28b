/**
 * One scan path (electron/scan-run.ts) behind both fronts: the same request through
 * `collimator scan` (in-process) and through the app's handlers (the dispatcher and
 * services the web bridge uses, with the real engine and store), against the real
 * practice lab on loopback, stores the same results. And a called AE title given for
 * a host name (`localhost`) is the one the scan uses, in both fronts.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, ScanFinished } from '../../shared/contract';
import type { ScanReport } from '../../shared/types';
import { run as runScanCommand } from '../../electron/cli/commands/scan';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import { createHandlers } from '../../electron/ipc/handlers';
import { startPracticeLab, type PracticeLab } from '../../electron/practice-lab/practice';
import { inventoryByAddress, keyCalledAes, planScan, runScanPlan, type ScanRecorder } from '../../electron/scan-run';
import { createAppServices } from '../../electron/services/app-services';
import { realDeps } from '../../electron/services/real-deps';
import { openStore } from '../../electron/store';
import { memoryIO } from './cli/memory-io';

const dir = mkdtempSync(path.join(tmpdir(), 'clm-fronts-'));
let lab: PracticeLab;
beforeAll(async () => {
  lab = await startPracticeLab({ host: '127.0.0.1' });
});
afterAll(async () => {
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The practice server that accepts only its own called AE title (not one of the well-known guesses). */
function archive(): { aet: string; port: number } {
  const s = lab.servers.find((x) => x.aet === 'ARCHIVE');
  if (!s) throw new Error('the practice lab has no ARCHIVE server');
  return { aet: s.aet, port: s.port };
}

const CALLING_AE = 'CLMFRONTSTEST';
const VANTAGE = 'fronts test';

function stored(db: string, id: string): ScanReport {
  const store = openStore(db);
  try {
    const r = store.getScan(id);
    if (!r) throw new Error(`no scan ${id} in ${db}`);
    return r;
  } finally {
    store.close();
  }
}

/**
 * What differs between two runs of one request by nature, not by front: the scan's id
 * and times, the random called AE title identification tries first, the non-matching
 * keys queries are built with (a fresh PatientID and Study Instance UID each time), and
 * measured times.
 */
function normalised(r: ScanReport): unknown {
  const text = JSON.stringify({ ...r, scan: { ...r.scan, id: 'ID', startedAt: 'T', finishedAt: 'T' } })
    .replace(/CLM[0-9A-F]{12}/g, 'RANDOM-AE')
    .replace(/CLM-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'RANDOM-PATIENT-ID')
    .replace(/"2\.25\.\d+"/g, '"RANDOM-UID"')
    .replace(/"([A-Za-z]*(?:Ms|ms|Millis))":\d+(\.\d+)?/g, '"$1":0');
  return JSON.parse(text) as unknown;
}

async function viaCli(): Promise<ScanReport> {
  const db = path.join(dir, 'cli.db');
  const a = archive();
  const io = memoryIO();
  const code = await runScanCommand(
    ['localhost', '--ports', lab.ports.join(','), '--calling-ae', CALLING_AE, '--called-ae', `${a.aet}@localhost:${a.port}`, '--vantage', VANTAGE, '--json', '--db', db],
    io,
  );
  expect(code, io.err()).toBe(0);
  const doc = JSON.parse(io.out()) as ScanReport;
  return stored(db, doc.scan.id);
}

async function viaApp(): Promise<ScanReport> {
  const db = path.join(dir, 'app.db');
  const ended: ScanFinished[] = [];
  let wake: (() => void) | undefined;
  const emit = (channel: EventChannel, payload: unknown): void => {
    if (channel === 'scan:finished') {
      ended.push(payload as ScanFinished);
      wake?.();
    }
  };
  const services = createAppServices({ dbPath: db, version: '0.1.0', transport: 'web', emit }, realDeps('0.1.0'));
  try {
    const dispatcher = createDispatcher(createHandlers(services));
    const a = archive();
    const scanId = randomUUID();
    const finished = new Promise<void>((resolve) => (wake = resolve));
    const r = await dispatcher.dispatch('scan:start', {
      targets: ['localhost'],
      ports: lab.ports,
      calledAes: [{ aet: a.aet, host: 'localhost', port: a.port }],
      vantage: { label: VANTAGE, untrusted: false },
      callingAe: CALLING_AE,
      scanId,
    });
    expect(r).toEqual({ ok: true, value: { scanId } });
    if (!ended.some((e) => e.scanId === scanId)) await finished;
    expect(ended.find((e) => e.scanId === scanId)).toMatchObject({ scanId, cancelled: false });
    expect(ended[0]).not.toHaveProperty('error');
    const listed = await dispatcher.dispatch('scan:list', undefined);
    expect(listed).toMatchObject({ ok: true, value: [{ id: scanId, state: 'finished' }] });
  } finally {
    await services.close();
  }
  const store = openStore(db);
  try {
    const [item] = store.listScans();
    return stored(db, item!.id);
  } finally {
    store.close();
  }
}

describe('one scan path for both fronts', () => {
  let cli: ScanReport;
  let app: ScanReport;
  beforeAll(async () => {
    cli = await viaCli();
    app = await viaApp();
  }, 120_000);

  it('the same request through the CLI and through the app handlers stores the same results', () => {
    expect(cli.services.length).toBe(lab.ports.length);
    expect(normalised(app)).toEqual(normalised(cli));
  });

  it('a called AE title given for a host name (localhost) is the one used, in both fronts', () => {
    const a = archive();
    for (const r of [cli, app]) {
      const s = r.services.find((x) => x.port === a.port);
      expect(s).toMatchObject({ host: '127.0.0.1', protocol: 'dicom', calledAe: a.aet, calledAeSource: 'user' });
      // With the title it got in: the unknown caller's test concluded instead of guessing.
      expect(s?.checks.find((c) => c.id === 'dicom.any-calling-ae')?.status).not.toBe('inconclusive');
    }
  });
});

describe('keying what the user knows by resolved address', () => {
  const resolved = new Map([['PACS.lan', ['10.200.0.7', 'fd00::7']]]);

  it('called AE titles: literal addresses canonical, a target name once per address it resolved to', () => {
    const m = keyCalledAes([{ ae: 'A', host: '0:0:0::1', port: 104 }, { ae: 'P', host: 'pacs.LAN.', port: 11112 }], resolved);
    expect([...m]).toEqual([['::1:104', 'A'], ['10.200.0.7:11112', 'P'], ['fd00::7:11112', 'P']]);
    expect(() => keyCalledAes([{ ae: 'X', host: 'other.lan', port: 104 }], resolved)).toThrow(/other\.lan .* is not one of the targets/);
  });

  it('inventory rows: a target name becomes its addresses; other names (peers) stay as given, unresolved', () => {
    const rows = inventoryByAddress(
      [
        { aeTitle: 'PACS', host: 'pacs.lan', port: 104, role: 'pacs', description: '' },
        { aeTitle: 'WS', host: 'ws.lan', port: 104, role: 'workstation', description: '' },
        { aeTitle: 'CT', host: '10.200.000.9', port: 104, role: 'modality', description: '' },
      ],
      resolved,
    );
    expect(rows.map((r) => `${r.aeTitle}@${r.host}`)).toEqual(['PACS@10.200.0.7', 'PACS@fd00::7', 'WS@ws.lan', 'CT@10.200.000.9']);
  });
});

describe('recording the end', () => {
  const request = { targets: ['127.0.0.1'], ports: [104], vantage: { label: 't', untrusted: false }, calledAes: [], inventory: [] };
  const service = { host: '127.0.0.1', port: 104, state: 'open' as const, checks: [] };

  it('a database that refuses a write stops the scan, and the end says why', async () => {
    const calls: string[] = [];
    const store: ScanRecorder = {
      beginScan: (m) => void calls.push(`begin ${m.id}`),
      saveService: () => {
        throw new Error('disk I/O error');
      },
      finishScan: (id) => void calls.push(`finish ${id}`),
    };
    const plan = await planScan(request);
    let stopped = false;
    const end = await runScanPlan(store, plan, {}, (req, hooks) => {
      hooks.onStart?.({ id: 'scan-x', startedAt: '2026-01-01T00:00:00.000Z', hosts: 1, ports: req.ports });
      hooks.onService?.(service);
      stopped = hooks.signal?.aborted === true;
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    });
    expect(stopped).toBe(true);
    expect(end).toMatchObject({ started: true, cancelled: true, error: 'could not save the scan: disk I/O error', report: { scan: { id: 'scan-x', cancelled: true }, services: [service] } });
    expect(end.started && end.engineError).toBeUndefined();
    // The failing database is not asked again to finish the record.
    expect(calls).toEqual(['begin scan-x']);
  });

  it('cancelled before the engine started: nothing recorded', async () => {
    const calls: string[] = [];
    const store: ScanRecorder = { beginScan: () => void calls.push('begin'), saveService: () => void calls.push('save'), finishScan: () => void calls.push('finish') };
    const ctrl = new AbortController();
    ctrl.abort();
    const end = await runScanPlan(store, await planScan(request), { signal: ctrl.signal }, () => Promise.reject(new DOMException('aborted', 'AbortError')));
    expect(end).toEqual({ started: false });
    expect(calls).toEqual([]);
  });
});
