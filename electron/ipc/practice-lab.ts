/** Handlers of the `practice-lab:*` channels (the practice lab). */
import { canonicalHost } from '../../shared/host';
import type { AppServices } from '../services/app-services';
import type { AreaHandlers } from './types';

export function practiceLabHandlers(services: AppServices): AreaHandlers<'practice-lab:start' | 'practice-lab:stop' | 'practice-lab:apply'> {
  const { practiceLab } = services;
  return {
    'practice-lab:start': () => practiceLab.start(),
    'practice-lab:stop': () => practiceLab.stop(),
    // The allow-list the snippets write: the inventory's nodes other than the server itself.
    'practice-lab:apply': (req) =>
      practiceLab.apply(req, () =>
        services
          .remediation()
          .inventoryList()
          .filter((n) => !(canonicalHost(n.host) === canonicalHost(req.host) && n.port === req.port))
          .map((n) => n.aeTitle),
      ),
  };
}
