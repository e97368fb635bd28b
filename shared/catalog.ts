/**
 * The check catalog (../shared/spec/checks.md, v1): the public vocabulary of what
 * Collimator judges. Ids are a contract: never renamed, never reused.
 * Pure data; imported by the engine, the store, the CLI and the renderer alike.
 */

/** Severity of a `fail`, lowest first. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Outcome of one check on one service. */
export const CHECK_STATUSES = ['fail', 'pass', 'inconclusive', 'not-applicable', 'skipped'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Result of the TCP sweep for one host:port. */
export const SERVICE_STATES = ['open', 'closed', 'filtered'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** What answered on an open port. `unknown` gets no protocol checks. */
export const PROTOCOLS = ['dicom', 'dicom-tls', 'http', 'https', 'unknown'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** `safe`: only what a normal client sends. `opt-in`: runs only when asked (credential attempts). */
export type Safety = 'safe' | 'opt-in';

export const CHECK_IDS = [
  'dicom.detected',
  'dicom.any-calling-ae',
  'dicom.any-called-ae',
  'dicom.query-open',
  'dicom.retrieve-open',
  'dicom.store-open',
  'dicom.plaintext',
  'dicom.tls-downgrade',
  'tls.legacy-protocol',
  'tls.certificate',
  'tls.certificate-expiring',
  'tls.client-auth-absent',
  'web.detected',
  'web.plaintext',
  'web.unauthenticated',
  'web.default-credentials',
  'web.no-hsts',
  'exposure.untrusted-reach',
  'exposure.internet',
  // Issue 15: cipher suites, key exchange and PS3.15 profiles.
  'tls.weak-cipher',
  'tls.weak-key-exchange',
  'tls.profile',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const MANUAL_CHECK_IDS = ['manual.mfa', 'manual.patch-level', 'manual.lockout'] as const;
export type ManualCheckId = (typeof MANUAL_CHECK_IDS)[number];

/** MITRE ATT&CK enterprise techniques the catalog refers to (ids checked against MITRE's enterprise-attack data). */
export const ATTACK_TECHNIQUES = {
  T1190: 'Exploit Public-Facing Application',
  T1133: 'External Remote Services',
  T1213: 'Data from Information Repositories',
  'T1565.001': 'Data Manipulation: Stored Data Manipulation',
  T1040: 'Network Sniffing',
  T1557: 'Adversary-in-the-Middle',
  'T1078.001': 'Valid Accounts: Default Accounts',
  T1110: 'Brute Force',
  T1210: 'Exploitation of Remote Services',
  T1021: 'Remote Services',
} as const;
export type AttackTechniqueId = keyof typeof ATTACK_TECHNIQUES;

/** MITRE's copyright notice, shown wherever technique names are (ATT&CK terms of use). */
export const ATTACK_NOTICE = '© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation. MITRE ATT&CK® is a registered trademark of The MITRE Corporation.';

/** Which services a check applies to. */
export type CheckFamily = 'dicom' | 'tls' | 'web' | 'exposure';

export interface CheckDefinition {
  id: CheckId;
  /** Short title in an imaging admin's words. */
  title: string;
  family: CheckFamily;
  severity: Severity;
  safety: Safety;
  attack: readonly AttackTechniqueId[];
  /**
   * Protocols whose services list this check. A listed check that cannot apply to
   * the particular service (a TLS check on a plaintext port) is `not-applicable`;
   * a check is never left out of a listed service.
   */
  protocols: readonly Protocol[];
}

const DICOM_ACCESS: readonly AttackTechniqueId[] = ['T1133', 'T1213'];
const SNIFF: readonly AttackTechniqueId[] = ['T1040', 'T1557'];
const DICOM_ANY: readonly Protocol[] = ['dicom', 'dicom-tls'];
const TLS_LISTED: readonly Protocol[] = ['dicom', 'dicom-tls', 'http', 'https'];
const WEB_ANY: readonly Protocol[] = ['http', 'https'];
const ALL_OPEN: readonly Protocol[] = ['dicom', 'dicom-tls', 'http', 'https', 'unknown'];

export const CATALOG: Readonly<Record<CheckId, CheckDefinition>> = {
  'dicom.detected': { id: 'dicom.detected', title: 'DICOM service found', family: 'dicom', severity: 'info', safety: 'safe', attack: [], protocols: DICOM_ANY },
  'dicom.any-calling-ae': { id: 'dicom.any-calling-ae', title: 'Accepts any calling AE title', family: 'dicom', severity: 'high', safety: 'safe', attack: DICOM_ACCESS, protocols: DICOM_ANY },
  'dicom.any-called-ae': { id: 'dicom.any-called-ae', title: 'Accepts any called AE title', family: 'dicom', severity: 'medium', safety: 'safe', attack: DICOM_ACCESS, protocols: DICOM_ANY },
  'dicom.query-open': { id: 'dicom.query-open', title: 'Unknown callers can query (C-FIND)', family: 'dicom', severity: 'critical', safety: 'safe', attack: DICOM_ACCESS, protocols: DICOM_ANY },
  'dicom.retrieve-open': { id: 'dicom.retrieve-open', title: 'Unknown callers can retrieve (C-GET / C-MOVE)', family: 'dicom', severity: 'critical', safety: 'safe', attack: DICOM_ACCESS, protocols: DICOM_ANY },
  'dicom.store-open': { id: 'dicom.store-open', title: 'Unknown callers can store images (C-STORE negotiated)', family: 'dicom', severity: 'high', safety: 'safe', attack: ['T1565.001'], protocols: DICOM_ANY },
  'dicom.plaintext': { id: 'dicom.plaintext', title: 'DICOM without TLS', family: 'dicom', severity: 'high', safety: 'safe', attack: SNIFF, protocols: DICOM_ANY },
  'dicom.tls-downgrade': { id: 'dicom.tls-downgrade', title: 'DICOM TLS offered next to plaintext DICOM', family: 'dicom', severity: 'medium', safety: 'safe', attack: SNIFF, protocols: DICOM_ANY },
  'tls.legacy-protocol': { id: 'tls.legacy-protocol', title: 'Accepts TLS 1.0/1.1', family: 'tls', severity: 'high', safety: 'safe', attack: SNIFF, protocols: TLS_LISTED },
  'tls.certificate': { id: 'tls.certificate', title: 'Certificate not trustworthy', family: 'tls', severity: 'medium', safety: 'safe', attack: SNIFF, protocols: TLS_LISTED },
  'tls.certificate-expiring': { id: 'tls.certificate-expiring', title: 'Certificate expires within 30 days', family: 'tls', severity: 'low', safety: 'safe', attack: SNIFF, protocols: TLS_LISTED },
  'tls.client-auth-absent': { id: 'tls.client-auth-absent', title: 'DICOM TLS without client certificates', family: 'tls', severity: 'medium', safety: 'safe', attack: SNIFF, protocols: DICOM_ANY },
  'web.detected': { id: 'web.detected', title: 'Imaging web interface found', family: 'web', severity: 'info', safety: 'safe', attack: [], protocols: WEB_ANY },
  'web.plaintext': { id: 'web.plaintext', title: 'Web interface over plain HTTP', family: 'web', severity: 'high', safety: 'safe', attack: SNIFF, protocols: WEB_ANY },
  'web.unauthenticated': { id: 'web.unauthenticated', title: 'Data or control API answers without login', family: 'web', severity: 'critical', safety: 'safe', attack: ['T1190', 'T1133'], protocols: WEB_ANY },
  'web.default-credentials': { id: 'web.default-credentials', title: 'Vendor default password accepted', family: 'web', severity: 'critical', safety: 'opt-in', attack: ['T1078.001'], protocols: WEB_ANY },
  'web.no-hsts': { id: 'web.no-hsts', title: 'HTTPS without HSTS', family: 'web', severity: 'low', safety: 'safe', attack: SNIFF, protocols: WEB_ANY },
  'exposure.untrusted-reach': { id: 'exposure.untrusted-reach', title: 'Reachable from an untrusted network', family: 'exposure', severity: 'high', safety: 'safe', attack: ['T1190', 'T1133'], protocols: ALL_OPEN },
  'exposure.internet': { id: 'exposure.internet', title: 'Reachable from the internet', family: 'exposure', severity: 'critical', safety: 'safe', attack: ['T1190', 'T1133'], protocols: ALL_OPEN },
  // Issue 15.
  'tls.weak-cipher': { id: 'tls.weak-cipher', title: 'Accepts a cipher suite outside BCP 195', family: 'tls', severity: 'high', safety: 'safe', attack: SNIFF, protocols: TLS_LISTED },
  'tls.weak-key-exchange': { id: 'tls.weak-key-exchange', title: 'Weak key exchange (DHE < 2048 or ECDHE < 256 bits)', family: 'tls', severity: 'medium', safety: 'safe', attack: SNIFF, protocols: TLS_LISTED },
  'tls.profile': { id: 'tls.profile', title: 'Does not meet the DICOM TLS profile (PS3.15 B.12/B.13)', family: 'tls', severity: 'medium', safety: 'safe', attack: SNIFF, protocols: TLS_LISTED },
};

export function isCheckId(s: string): s is CheckId {
  return (CHECK_IDS as readonly string[]).includes(s);
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Checks that apply to a service of this protocol, in catalog order. */
export function checksFor(protocol: Protocol): CheckDefinition[] {
  return CHECK_IDS.map((id) => CATALOG[id]).filter((c) => c.protocols.includes(protocol));
}
