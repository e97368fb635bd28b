/**
 * Server-Sent Events hub of the web bridge: the EventSink the services emit into,
 * fanned out to every connected page. A page that stops reading is dropped rather
 * than letting its backlog grow without bound.
 */
import type { ServerResponse } from 'node:http';
import type { EventSink } from '../services/events';
import { READY_EVENT } from './protocol';

/** A stream with more than this many bytes unread is closed (the page reconnects and re-reads state). */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
/** Comment line sent this often so proxies and the browser keep an idle stream open, ms. */
const HEARTBEAT_MS = 15_000;

export interface SseHub {
  emit: EventSink;
  /** Takes over `res` as an event stream until the page goes away or the hub closes. */
  attach(res: ServerResponse): void;
  /** Ends every stream. */
  close(): void;
  readonly size: number;
}

export function createSseHub(): SseHub {
  const clients = new Set<ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const res of clients) write(res, ': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function write(res: ServerResponse, chunk: string): void {
    if (res.writableLength > MAX_BACKLOG_BYTES) {
      clients.delete(res);
      res.destroy();
      return;
    }
    res.write(chunk);
  }

  return {
    emit(channel, payload) {
      const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of clients) write(res, frame);
    },
    attach(res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      clients.add(res);
      res.on('close', () => clients.delete(res));
      write(res, `event: ${READY_EVENT}\ndata: {}\n\n`);
    },
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
    get size() {
      return clients.size;
    },
  };
}
