/**
 * The practice lab's "not DICOM" service: it greets like an SSH server, says
 * "Protocol mismatch." to whatever it is sent, and hangs up, as OpenSSH does.
 * A scanner must judge it `unknown`, never `dicom`.
 */
import type { Socket } from 'node:net';

/** The greeting, as an SSH server sends it (RFC 4253 section 4.2). */
export const NOT_DICOM_BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n';

/** Longest a connection stays open waiting for the peer to speak, ms. */
const WAIT_MS = 5_000;

/** Serve one connection of the not-DICOM listener. */
export function serveBanner(socket: Socket): void {
  socket.write(NOT_DICOM_BANNER);
  const hangUp = (): void => {
    clearTimeout(timer);
    socket.end();
    // If the peer never closes its side, do not keep the socket.
    setTimeout(() => socket.destroy(), 1_000).unref();
  };
  const timer = setTimeout(hangUp, WAIT_MS);
  timer.unref();
  socket.once('data', () => {
    socket.write('Protocol mismatch.\r\n');
    hangUp();
  });
}
