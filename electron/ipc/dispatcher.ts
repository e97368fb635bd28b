/**
 * The one place a call from the renderer becomes a handler call, whatever the
 * transport: checks the channel exists, validates the argument with its zod schema,
 * runs the handler, and answers a Result. Never rejects, never throws.
 */
import { INVOKE_CHANNELS, type InvokeChannel, type Result } from '../../shared/contract';
import { INVOKE_SCHEMAS, describeIssues } from '../../shared/contract-schemas';
import { AppError } from '../services/errors';
import type { Handler, HandlerTable } from './types';

export interface Dispatcher {
  dispatch(channel: string, arg: unknown): Promise<Result<unknown>>;
}

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(channel);
}

export function fail(code: AppError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

export function createDispatcher(handlers: HandlerTable): Dispatcher {
  return {
    async dispatch(channel, arg) {
      if (!isInvokeChannel(channel)) return fail('unknown-channel', `no such call: ${String(channel).slice(0, 60)}`);
      const parsed = INVOKE_SCHEMAS[channel].safeParse(arg);
      if (!parsed.success) return fail('invalid-argument', describeIssues(parsed.error));
      try {
        // The table is keyed by channel; the schema of the same channel produced `parsed.data`.
        const handler = handlers[channel] as Handler<InvokeChannel>;
        const value: unknown = await handler(parsed.data as never);
        return { ok: true, value };
      } catch (err) {
        if (err instanceof AppError) return fail(err.code, err.message);
        const message = err instanceof Error ? err.message : String(err);
        console.error(`collimator: ${channel} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
        return fail('internal', `${channel} failed: ${message}`);
      }
    },
  };
}
