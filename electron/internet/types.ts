/**
 * What an internet scanner's export says about one service, reduced to the facts the
 * product needs (issue 13): address, port, transport, kind, product/version, TLS yes/no,
 * what the source said about DICOM or the web, when, and which source. A banner's free
 * text is never kept: it can hold anything.
 */
import type { RejectReason, RejectResult, RejectSource } from '../engine/dicom/reject-reasons';

export const IMPORT_FORMATS = ['censys', 'shodan', 'nmap'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const OBSERVATION_KINDS = ['dicom', 'dicom-tls', 'web', 'other'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

/** What the source said about DICOM on the port (every field optional: sources differ). */
export interface DicomSaid {
  /** The server answered an A-ASSOCIATE-RQ with A-ASSOCIATE-AC. */
  accepted?: boolean;
  /** nmap dicom-ping: "DICOM Service Provider discovered!". */
  discovered?: boolean;
  /** nmap dicom-ping: "Any AET is accepted (Insecure)". */
  anyAeAccepted?: boolean;
  /** nmap dicom-ping: "Called AET check enabled". */
  calledAeCheck?: boolean;
  /** Censys `associate_rj`, its decoded names mapped onto the catalog's words where they say the same. */
  reject?: { result?: RejectResult; source?: RejectSource; reason?: RejectReason; named: string };
  /** Censys `a_abort`. */
  abort?: { named: string };
  /** Censys `pdu_type_name`, e.g. `A-ASSOCIATE-AC`. */
  pdu?: string;
  implementationClassUid?: string;
  implementationVersionName?: string;
  /** nmap dicom-brute: how many "Valid credentials" lines (the titles themselves are not kept). */
  validCredentials?: number;
}

/** A small structured field: what the source said, never its free text. */
export interface ObservationSaid {
  /** The source's own name of the protocol (`DICOM`, `HTTP`, `dicom`, `https`), a short token. */
  service?: string;
  dicom?: DicomSaid;
  web?: { status?: number };
  /** nmap: the port's state and nmap's reason (`syn-ack`, `conn-refused`, `no-response`). */
  nmap?: { state: string; reason?: string };
}

export interface Observation {
  host: string;
  port: number;
  transport: 'tcp' | 'udp';
  /** Only nmap says closed or filtered; Censys and Shodan list what answered. */
  state: 'open' | 'closed' | 'filtered';
  kind: ObservationKind;
  product: string | null;
  version: string | null;
  tls: boolean;
  said: ObservationSaid;
  /** ISO-8601 UTC. */
  observedAt: string;
  source: ImportFormat;
}

/** A bad record: where (`line 12`, `host 203.0.113.9`) and why, in one line. */
export interface ImportProblem {
  at: string;
  reason: string;
}
