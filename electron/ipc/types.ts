/**
 * The handler table: one function per invoke channel, transport-agnostic. Main's
 * ipcMain registration and the web bridge both call it through the dispatcher, after
 * their own sender check; the handler receives an argument zod already validated.
 */
import type { InvokeArg, InvokeChannel, InvokeValue } from '../../shared/contract';

export type Handler<C extends InvokeChannel> = (arg: InvokeArg<C>) => InvokeValue<C> | Promise<InvokeValue<C>>;

/** Every channel, exactly once: a missing handler is a compile error. */
export type HandlerTable = { readonly [C in InvokeChannel]: Handler<C> };

/** The handlers of one area (`scan:*`, `practice-lab:*`, ...). */
export type AreaHandlers<C extends InvokeChannel> = { readonly [K in C]: Handler<K> };
