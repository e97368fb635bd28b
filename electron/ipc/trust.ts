/**
 * Handlers of the known-signers channels (issue 11): `trust:*`, the app's trust list.
 * Thin: arguments arrive zod-validated (shared/contract-schemas.ts); the records
 * service's trust list does the work; its one-line errors become the contract's codes.
 */
import { RecordsError } from '../records/errors';
import type { TrustService } from '../records/trust-list-app';
import type { AppServices } from '../services/app-services';
import { AppError } from '../services/errors';
import { RECORDS_ERROR_CODES } from './records';
import type { AreaHandlers } from './types';

export type TrustChannel = 'trust:list' | 'trust:import' | 'trust:remove' | 'trust:export';


function call<T>(services: AppServices, fn: (t: TrustService) => T): T {
  try {
    return fn(services.records().trust);
  } catch (e) {
    if (e instanceof RecordsError) throw new AppError(RECORDS_ERROR_CODES[e.code], e.message);
    throw e;
  }
}

export function trustHandlers(services: AppServices): AreaHandlers<TrustChannel> {
  return {
    'trust:list': () => call(services, (t) => t.list()),
    'trust:import': (req) => call(services, (t) => t.import(req)),
    'trust:remove': (req) => call(services, (t) => t.remove(req)),
    'trust:export': () => call(services, (t) => t.export()),
  };
}
