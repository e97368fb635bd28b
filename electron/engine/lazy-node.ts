/**
 * Node built-ins the engine needs only on some services, loaded on first use instead
 * of with the engine. `tls`, `http` and `https` together cost ~25-30 ms of CPU to
 * load (measured on the 2-core development machine); a scan that meets no TLS or web
 * service (a plain DICOM fleet, the start-up floor, most of `--profile discovery`)
 * never pays it. Synchronous (createRequire), so the call sites stay as they were.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

let tls: typeof import('node:tls') | undefined;
let http: typeof import('node:http') | undefined;
let https: typeof import('node:https') | undefined;

/** `node:tls`, loaded on the first call. */
export function nodeTls(): typeof import('node:tls') {
  return (tls ??= load('node:tls') as typeof import('node:tls'));
}

/** `node:http`, loaded on the first call. */
export function nodeHttp(): typeof import('node:http') {
  return (http ??= load('node:http') as typeof import('node:http'));
}

/** `node:https`, loaded on the first call. */
export function nodeHttps(): typeof import('node:https') {
  return (https ??= load('node:https') as typeof import('node:https'));
}
