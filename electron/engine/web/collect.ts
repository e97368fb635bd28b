/**
 * The web request plan: a handful of GETs any browser or DICOMweb client sends,
 * each bounded, each reduced to an HttpSummary at once (bodies are never kept).
 * QIDO-RS queries carry a random `CLM-<uuid>` PatientID, so they cannot match.
 */
import { randomUUID } from 'node:crypto';
import { serverKey } from '../../../shared/host';
import { selectionOf } from '../options';
import type { ProbeContext } from '../types';
import { httpExchange } from './http';
import { asksForCredentials, isQidoAnswer, recognise, summarise, type HttpSummary, type WebRecognition, type WebStep } from './fingerprint';

/** Observation of one web service. Plain JSON. */
export interface WebObservation {
  kind: 'web';
  /** Served over TLS (https). */
  tls: boolean;
  /** Every request made, in order, summarised. */
  exchanges: HttpSummary[];
  /** What it is, when recognised. */
  recognition?: WebRecognition;
}

/** Where to send requests. */
export interface WebTarget {
  host: string;
  port: number;
  /** Host name for SNI and the Host header, when the user targeted a name. */
  hostNames?: readonly string[];
}

/** The Accept header of DICOMweb clients (PS3.18 QIDO-RS). */
const DICOM_JSON = 'application/dicom+json, application/json;q=0.9';

/** Bound on one request, ms: connect plus one answer, within the service deadline. */
export function requestTimeoutMs(ctx: ProbeContext): number {
  return Math.max(1, Math.min(ctx.options.connectTimeoutMs + ctx.options.ioTimeoutMs, ctx.deadline - Date.now()));
}

/**
 * Phased bounds of one request, as ProbeOptions means them: the connect within the
 * connect timeout, then the answer within the reply timeout (a silent server costs the
 * reply timeout, not both added up), never past the service deadline.
 */
export function phasedBounds(ctx: ProbeContext): { connectTimeoutMs: number; timeoutMs: number } {
  const left = Math.max(1, ctx.deadline - Date.now());
  return { connectTimeoutMs: Math.min(ctx.options.connectTimeoutMs, left), timeoutMs: Math.min(ctx.options.ioTimeoutMs, left) };
}

/**
 * The path a same-origin redirect points to, or undefined when it leaves this
 * scheme/host/port (never followed: that would reach beyond the scanned service).
 */
export function sameOriginPath(location: string, target: WebTarget, tls: boolean): string | undefined {
  const host = target.hostNames?.[0] ?? target.host;
  const origin = `${tls ? 'https' : 'http'}://${serverKey({ host, port: target.port })}`;
  let url: URL;
  try {
    url = new URL(location, `${origin}/`);
  } catch {
    return undefined;
  }
  const base = new URL(`${origin}/`);
  if (url.protocol !== base.protocol || url.hostname !== base.hostname || (url.port || defaultPort(url.protocol)) !== (base.port || defaultPort(base.protocol))) {
    return undefined;
  }
  return `${url.pathname}${url.search}`;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** Run the plan against one service. Stops early, with what it has, on the deadline. */
export async function collectWeb(target: WebTarget, tls: boolean, ctx: ProbeContext): Promise<WebObservation> {
  const exchanges: HttpSummary[] = [];
  const servername = target.hostNames?.[0];
  const get = async (step: WebStep, path: string, accept?: string): Promise<HttpSummary> => {
    const ex = await httpExchange({
      host: target.host,
      port: target.port,
      tls,
      path,
      ...(accept ? { headers: { accept } } : {}),
      ...(servername ? { servername } : {}),
      signal: ctx.signal,
      ...phasedBounds(ctx),
    });
    const s = summarise(step, path, ex);
    exchanges.push(s);
    return s;
  };

  const root = await get('root', '/');
  if (root.outcome === 'success' && !ctx.signal.aborted) {
    if (root.status !== undefined && root.status >= 300 && root.status < 400 && root.location) {
      const path = sameOriginPath(root.location, target, tls);
      if (path && path !== '/') await get('landing', path);
    }
    if (!ctx.signal.aborted) await get('orthanc-system', '/system', 'application/json');
    const key = `CLM-${randomUUID()}`;
    const query = `/studies?PatientID=${key}&limit=1`;
    // The QIDO-RS queries test data access (web.unauthenticated): not sent when the scan does not run it.
    const asksData = selectionOf(ctx.options).runs('web.unauthenticated');
    if (asksData && !ctx.signal.aborted) {
      const qido = await get('qido', `/dicom-web${query}`, DICOM_JSON);
      if (!isQidoAnswer(qido) && !asksForCredentials(qido) && !ctx.signal.aborted) await get('qido-root', query, DICOM_JSON);
    }
    if (!ctx.signal.aborted) {
      const ui = await get('dcm4chee-ui', '/dcm4chee-arc/ui2/');
      if (asksData && ui.markers.includes('dcm4chee-arc-ui') && !ctx.signal.aborted) {
        await get('dcm4chee-qido', `/dcm4chee-arc/aets/DCM4CHEE/rs${query}`, DICOM_JSON);
      }
    }
  }
  const obs: WebObservation = { kind: 'web', tls, exchanges };
  const rec = recognise(exchanges);
  if (rec) obs.recognition = rec;
  return obs;
}

/** Type guard for a WebObservation carried in identification (plain JSON). */
export function isWebObservation(v: unknown): v is WebObservation {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'web' && Array.isArray((v as { exchanges?: unknown }).exchanges);
}

/**
 * The web observation of a service: the one identification already made (it ran the
 * same plan to tell http/https and the product), else a fresh one.
 */
export function webObservationOf(service: WebTarget & { protocol: string; identification: Record<string, unknown> }, ctx: ProbeContext): Promise<WebObservation> {
  const known = service.identification.web;
  if (isWebObservation(known)) return Promise.resolve(known);
  return collectWeb(service, service.protocol === 'https', ctx);
}
