/**
 * Shapes shared by every peer server the harness starts.
 *
 * A peer server is a real peer (Orthanc, DCMTK) running as a child process of
 * the test, on loopback, with its own temporary directory.
 */

/** One running peer server. */
export interface PeerServer {
  /** Human name for logs and error messages, e.g. 'orthanc-insecure'. */
  name: string;
  /** Address to connect to; always '127.0.0.1' (a peer never leaves loopback). */
  host: string;
  /** TCP port of the DICOM upper-layer listener. */
  port: number;
  /** The server's own AE title (the called AE it answers to). */
  aet: string;
  /** TCP port of the HTTP/REST listener, when the server has one (Orthanc). */
  httpPort?: number;
  /** Process id of the server's main process. */
  pid: number;
  /** The server's own temporary directory (config, logs, storage); removed by stop(). */
  tempDir: string;
  /**
   * SIGTERM by PID, wait for the exit (Orthanc needs over 2 s), SIGKILL after a
   * grace period, then remove the temporary directory. Safe to call twice.
   */
  stop(): Promise<void>;
}

/** Things a real-peer test may need from the machine; see peerSkipReason(). */
export type PeerNeed = 'orthanc' | 'dcmtk' | 'nginx' | 'root' | 'netns' | 'nmap' | 'chromium';
