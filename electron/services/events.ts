/**
 * Where services send events. Main wires it to the app window's webContents; the web
 * bridge to its Server-Sent Events stream. Services never know which.
 */
import type { EventChannel, EventPayload } from '../../shared/contract';

/** Delivers one event to the renderer; never throws (a closed window just drops it). */
export type EventSink = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void;
