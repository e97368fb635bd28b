/**
 * Handlers of the signed-records channels (issue 6): `operators:*` and `records:*`.
 * Thin: arguments arrive zod-validated (shared/contract-schemas.ts); the records
 * service does the work; its one-line errors become the contract's codes.
 */
import { RecordsError } from '../records/errors';
import type { RecordsService } from '../records/service';
import type { AppServices } from '../services/app-services';
import { AppError } from '../services/errors';
import type { ErrorCode } from '../../shared/contract';
import type { AreaHandlers } from './types';

export type RecordsChannel =
  | 'operators:list'
  | 'operators:create'
  | 'operators:register-key-file'
  | 'records:preview'
  | 'records:signoff'
  | 'records:cosign'
  | 'records:list'
  | 'records:get'
  | 'records:export'
  | 'records:verify-file';

/** A RecordsError's code as the contract's error code (the trust channels use it too). */
export const RECORDS_ERROR_CODES: Record<RecordsError['code'], ErrorCode> = {
  'not-found': 'not-found',
  invalid: 'invalid-argument',
  integrity: 'integrity',
  unavailable: 'unavailable',
  'bad-passphrase': 'bad-passphrase',
};

/** Runs `fn` on the service; a RecordsError becomes an AppError with its code and words. */
async function call<T>(services: AppServices, fn: (r: RecordsService) => T | Promise<T>): Promise<T> {
  try {
    return await fn(services.records());
  } catch (e) {
    if (e instanceof RecordsError) throw new AppError(RECORDS_ERROR_CODES[e.code], e.message);
    throw e;
  }
}

export function recordsHandlers(services: AppServices): AreaHandlers<RecordsChannel> {
  return {
    'operators:list': () => call(services, (r) => r.operators()),
    'operators:create': (req) => call(services, (r) => r.createOperator(req)),
    'operators:register-key-file': (req) => call(services, (r) => r.registerKeyFile(req)),
    'records:preview': (req) => call(services, (r) => r.preview(req)),
    'records:signoff': (req) => call(services, (r) => r.signoff(req)),
    'records:cosign': (req) => call(services, (r) => r.cosign(req)),
    'records:list': () => call(services, (r) => r.list()),
    'records:get': (req) => call(services, (r) => r.get(req)),
    'records:export': (req) => call(services, (r) => r.export(req)),
    'records:verify-file': (req) => call(services, (r) => r.verifyFile(req)),
  };
}
