/** All handlers, by area. Adding a channel to the contract makes this fail to compile until it is handled here. */
import type { AppServices } from '../services/app-services';
import { appHandlers } from './app';
import { practiceLabHandlers } from './practice-lab';
import { recordsHandlers } from './records';
import { remediationHandlers } from './remediation';
import { scanHandlers } from './scan';
import { trustHandlers } from './trust';
import { peersHandlers } from './peers';
import { exportsHandlers } from './exports';
import { internetHandlers } from './internet';
import type { HandlerTable } from './types';

export function createHandlers(services: AppServices): HandlerTable {
  return { ...appHandlers(services), ...scanHandlers(services), ...practiceLabHandlers(services), ...remediationHandlers(services), ...recordsHandlers(services), ...trustHandlers(services), ...peersHandlers(services), ...exportsHandlers(services), ...internetHandlers(services) };
}
