/**
 * A delaying TCP relay: WAN-like latency without netem (not in this kernel). Every
 * chunk is held `delayMs` in each direction, in order; a close is delayed the same
 * way. Connection setup is local (the client's handshake is with the relay), so only
 * data and teardown see the latency, as the benchmark says.
 */
import net from 'node:net';

/** Forward `from` to `to`, each chunk `delayMs` late, ending `to` after the last one. */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number): void {
  from.on('data', (chunk: Buffer) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.once('end', () => setTimeout(() => to.end(), delayMs));
  from.once('close', () => setTimeout(() => to.destroy(), delayMs + 1));
}

/** Serve one accepted connection: dial `target`, then relay both ways with the delay. */
export function relayConnection(client: net.Socket, target: { host: string; port: number }, delayMs: number): void {
  const upstream = net.connect(target);
  upstream.setNoDelay(true);
  client.setNoDelay(true);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  delayedPipe(client, upstream, delayMs);
  delayedPipe(upstream, client, delayMs);
}
