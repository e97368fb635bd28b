/**
 * The network vocabulary at the bottom of the engine: what one step is aimed at, how it
 * ended, and the TLS material it may carry. It imports nothing, so the DICOM, TLS and
 * web modules use it without reaching back into types.ts (which names their types).
 */

/** One host:port to sweep. `host` is a literal IPv4/IPv6 address after scope expansion. */
export interface Target {
  host: string;
  port: number;
}

/**
 * Closed outcome vocabulary of one network step (after zgrab2). Observations carry
 * it with whatever partial data was collected; nothing throws past a probe.
 */
export type Outcome =
  | 'success'
  | 'connection-refused'
  | 'connection-timeout'
  | 'connection-reset'
  | 'connection-closed'
  | 'association-rejected'
  | 'association-aborted'
  | 'protocol-error'
  | 'tls-error'
  | 'io-timeout'
  | 'deadline'
  | 'cancelled';

/** TLS material (issue 3): extra trusted CAs, and a client certificate for DICOM TLS. PEM text. */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}
