/**
 * Handlers of the remediation channels (issue 5): `inventory:*`, `remediation:*`,
 * `maintenance-window:*`. Thin: arguments arrive zod-validated (shared/contract-schemas.ts); the
 * remediation service does the work; its one-line errors become the contract's codes.
 */
import { RemediationError } from '../remediation/errors';
import type { RemediationService } from '../remediation/service';
import type { AppServices } from '../services/app-services';
import { AppError } from '../services/errors';
import type { AreaHandlers } from './types';

export type RemediationChannel =
  | 'inventory:import'
  | 'inventory:list'
  | 'inventory:upsert'
  | 'inventory:remove'
  | 'remediation:playbook'
  | 'remediation:checklist'
  | 'remediation:set-step'
  | 'remediation:attest'
  | 'remediation:verify'
  | 'remediation:cancel-verify'
  | 'remediation:verifications'
  | 'maintenance-window:create'
  | 'maintenance-window:list'
  | 'maintenance-window:get'
  | 'maintenance-window:summary'
  | 'maintenance-window:update'
  | 'maintenance-window:extend'
  | 'maintenance-window:close';

/** Runs `fn` on the service; a RemediationError becomes an AppError with its code and words. */
async function call<T>(services: AppServices, fn: (r: RemediationService) => T | Promise<T>): Promise<T> {
  try {
    return await fn(services.remediation());
  } catch (e) {
    if (e instanceof RemediationError) throw new AppError(e.code, e.message);
    throw e;
  }
}

export function remediationHandlers(services: AppServices): AreaHandlers<RemediationChannel> {
  return {
    'inventory:import': (req) => call(services, (r) => r.inventoryImport(req)),
    'inventory:list': () => call(services, (r) => r.inventoryList()),
    'inventory:upsert': (req) => call(services, (r) => r.inventoryUpsert(req)),
    'inventory:remove': (req) => call(services, (r) => r.inventoryRemove(req)),
    'remediation:playbook': (req) => call(services, (r) => r.playbook(req)),
    'remediation:checklist': (req) => call(services, (r) => r.checklist(req)),
    'remediation:set-step': (req) => call(services, (r) => r.setStep(req)),
    'remediation:attest': (req) => call(services, (r) => r.attest(req)),
    // A public server is re-probed only after the person confirmed it (a dialog, the bridge's terminal).
    'remediation:verify': async (req) => {
      const allowPublic = await services.publicScope.allowPublic([req.host]);
      return call(services, (r) => r.verify(req, undefined, { allowPublic }));
    },
    'remediation:cancel-verify': (req) => call(services, (r) => r.cancelVerify(req)),
    'remediation:verifications': (req) => call(services, (r) => r.verifications(req)),
    'maintenance-window:create': (req) => call(services, (r) => r.maintenanceWindowCreate(req)),
    'maintenance-window:list': () => call(services, (r) => r.maintenanceWindowList()),
    'maintenance-window:get': (req) => call(services, (r) => r.maintenanceWindowGet(req)),
    'maintenance-window:summary': (req) => call(services, (r) => r.maintenanceWindowSummary(req)),
    'maintenance-window:update': (req) => call(services, (r) => r.maintenanceWindowUpdate(req)),
    'maintenance-window:extend': (req) => call(services, (r) => r.maintenanceWindowExtend(req)),
    'maintenance-window:close': (req) => call(services, (r) => r.maintenanceWindowClose(req)),
  };
}
