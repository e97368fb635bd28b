/**
 * Handlers of the internet's view (issue 13): `internet:*`. Thin: arguments arrive
 * zod-validated (shared/contract-schemas.ts); services/internet-manager.ts does the work.
 */
import type { AppServices } from '../services/app-services';
import type { AreaHandlers } from './types';

export type InternetChannel =
  | 'internet:import-begin'
  | 'internet:import-chunk'
  | 'internet:import-finish'
  | 'internet:import-cancel'
  | 'internet:view'
  | 'internet:export-csv'
  | 'internet:map-set'
  | 'internet:map-remove'
  | 'internet:finding'
  | 'internet:attach-closure'
  | 'internet:closures';

export function internetHandlers(services: AppServices): AreaHandlers<InternetChannel> {
  return {
    'internet:import-begin': (req) => services.internet().begin(req),
    'internet:import-chunk': (req) => services.internet().chunk(req),
    'internet:import-finish': (req) => services.internet().finish(req),
    'internet:import-cancel': (req) => services.internet().cancel(req),
    'internet:view': (req) => services.internet().view(req),
    'internet:export-csv': (req) => services.internet().csv(req),
    'internet:map-set': (req) => services.internet().mapSet(req),
    'internet:map-remove': (req) => services.internet().mapRemove(req),
    'internet:finding': (req) => services.internet().finding(req),
    'internet:attach-closure': (req) => services.internet().attachClosure(req),
    'internet:closures': () => services.internet().closures(),
  };
}
