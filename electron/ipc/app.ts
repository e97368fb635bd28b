/** Handlers of the `app:*` channels. */
import type { AppServices } from '../services/app-services';
import type { AreaHandlers } from './types';

export function appHandlers(services: AppServices): AreaHandlers<'app:info'> {
  return {
    'app:info': () => services.info(),
  };
}
