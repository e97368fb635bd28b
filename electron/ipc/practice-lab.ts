/** Handlers of the `practice-lab:*` channels (the practice lab). */
import type { AppServices } from '../services/app-services';
import type { AreaHandlers } from './types';

export function practiceLabHandlers(services: AppServices): AreaHandlers<'practice-lab:start' | 'practice-lab:stop'> {
  const { practiceLab } = services;
  return {
    'practice-lab:start': () => practiceLab.start(),
    'practice-lab:stop': () => practiceLab.stop(),
  };
}
