/**
 * Handlers of the peer-learning channels (issue 14): `peers:learn`, `peers:list`. Thin:
 * arguments arrive zod-validated (shared/contract-schemas.ts); the peers service does
 * the work. Nothing is sent to any device: files in, association facts out.
 */
import type { AppServices } from '../services/app-services';
import type { AreaHandlers } from './types';

export type PeersChannel = 'peers:learn' | 'peers:list';

export function peersHandlers(services: AppServices): AreaHandlers<PeersChannel> {
  return {
    'peers:learn': (req) => services.peers().learn(req),
    'peers:list': (req) => services.peers().list(req),
  };
}
