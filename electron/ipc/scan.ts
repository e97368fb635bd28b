/** Handlers of the `scan:*` channels: thin, the scan manager does the work. */
import type { AppServices } from '../services/app-services';
import type { AreaHandlers } from './types';

export function scanHandlers(services: AppServices): AreaHandlers<'scan:start' | 'scan:cancel' | 'scan:list' | 'scan:get'> {
  const { scans } = services;
  return {
    'scan:start': (req) => scans.start(req),
    'scan:cancel': ({ scanId }) => scans.cancel(scanId),
    'scan:list': () => scans.list(),
    'scan:get': ({ scanId }) => scans.get(scanId),
  };
}
