/** Handlers of the `lab:*` channels (the practice lab). */
import type { AppServices } from '../services/app-services';
import type { AreaHandlers } from './types';

export function labHandlers(services: AppServices): AreaHandlers<'lab:start' | 'lab:stop'> {
  const { lab } = services;
  return {
    'lab:start': () => lab.start(),
    'lab:stop': () => lab.stop(),
  };
}
