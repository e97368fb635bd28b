/**
 * Handlers of the export channels (issue 13): `exports:navigator`, `exports:defectdojo`.
 * Thin: the argument arrives zod-validated (shared/contract-schemas.ts); the exports
 * service builds the file's text; its one-line errors become the contract's codes.
 */
import { ExportError, type ExportsService } from '../exports/service';
import type { AppServices } from '../services/app-services';
import { AppError } from '../services/errors';
import type { AreaHandlers } from './types';

export type ExportsChannel = 'exports:navigator' | 'exports:defectdojo';

function call<T>(services: AppServices, fn: (e: ExportsService) => T): T {
  try {
    return fn(services.exports());
  } catch (e) {
    if (e instanceof ExportError) throw new AppError(e.code, e.message);
    throw e;
  }
}

export function exportsHandlers(services: AppServices): AreaHandlers<ExportsChannel> {
  return {
    'exports:navigator': (req) => call(services, (e) => e.navigator(req)),
    'exports:defectdojo': (req) => call(services, (e) => e.defectdojo(req)),
  };
}
