/**
 * Product and version from what a peer says in its A-ASSOCIATE-AC: the
 * Implementation Class UID (a UID root each toolkit registered) and the
 * Implementation Version Name (free text, at most 16 characters).
 *
 * This names the DICOM toolkit. Products built on a toolkit usually keep its
 * identity: Orthanc 1.10 answers exactly like DCMTK 3.6.7 (seen in the lab), so a
 * DCMTK fingerprint says "DCMTK or a product built on it", and the note says so.
 */
import type { Product } from '../../../shared/types';

export interface Fingerprint {
  product: Product;
  /** Caveat for people reading the evidence (e.g. which products share the toolkit). */
  note?: string;
}

interface Rule {
  name: string;
  /** Matches the Implementation Class UID exactly or, when ending in '.', as a prefix. */
  uids: readonly string[];
  /** Matches the Implementation Version Name. */
  versionName?: RegExp;
  /** Version from the UID suffix after the matched prefix, or from the version name's match. */
  versionFromUid?: (suffix: string) => string | undefined;
  versionFromName?: (m: RegExpMatchArray) => string | undefined;
  note?: string;
}

/** "367" -> "3.6.7", "3610" -> "3.6.10", "202" -> "2.0.2". */
function digitsToVersion(d: string): string | undefined {
  if (!/^\d{3,5}$/.test(d)) return undefined;
  return `${d[0]}.${d[1]}.${d.slice(2)}`;
}

const dotted = (s: string): string | undefined => (/^\d+(\.\d+){1,3}$/.test(s) ? s : undefined);

const RULES: readonly Rule[] = [
  {
    name: 'DCMTK',
    uids: ['1.2.276.0.7230010.3.'],
    versionName: /^OFFIS_DCMTK_(\d+)$/,
    versionFromUid: (s) => (s.startsWith('0.') ? dotted(s.slice(2)) : undefined),
    versionFromName: (m) => digitsToVersion(m[1] ?? ''),
    note: 'DCMTK or a product built on it (Orthanc, Horos/OsiriX and others keep DCMTK\'s implementation identity)',
  },
  {
    name: 'dcm4che',
    uids: ['1.2.40.0.13.1.1', '1.2.40.0.13.1.3'],
    versionName: /^dcm4che-(\d+(?:\.\d+){1,3})/,
    versionFromName: (m) => m[1],
    note: 'dcm4che toolkit, used by dcm4chee-arc and other Java PACS',
  },
  {
    name: 'pynetdicom',
    uids: ['1.2.826.0.1.3680043.9.3811.'],
    versionName: /^PYNETDICOM_(\d+)$/,
    versionFromUid: dotted,
    versionFromName: (m) => digitsToVersion(m[1] ?? ''),
  },
  {
    name: 'dcmjs-dimse',
    uids: ['1.2.826.0.1.3680043.10.854'],
    versionName: /^DCMJS-DIMSE-V(\d+(?:\.\d+){1,2})$/,
    versionFromName: (m) => m[1],
  },
  {
    // Collimator's own practice lab (electron/practice-lab/scp.ts): dcmjs-dimse SCPs that announce
    // this identity, so a first run says what it is looking at.
    name: 'Collimator practice lab',
    uids: ['2.25.163470281773235896252038312773576535798'],
    versionName: /^COLLIMATOR_LAB$/,
    note: 'a deliberately misconfigured training server started by `collimator lab` (dcmjs-dimse)',
  },
  {
    name: 'fo-dicom',
    uids: ['1.3.6.1.4.1.30071.8'],
    versionName: /^fo-dicom (\d+(?:\.\d+){1,2})/,
    versionFromName: (m) => m[1],
  },
  { name: 'ClearCanvas', uids: ['1.3.6.1.4.1.25403.1.1.1'] },
  {
    name: 'GDCM',
    uids: ['1.2.826.0.1.3680043.2.1143.107.104.103.115.'],
    versionName: /^GDCM (\d+(?:\.\d+){1,2})/,
    versionFromUid: dotted,
    versionFromName: (m) => m[1],
  },
  {
    name: 'go-netdicom',
    uids: ['1.2.826.0.1.3680043.10.786.'],
    versionName: /^GONETDICOM_(\d+)_(\d+)$/,
    versionFromName: (m) => `${m[1]}.${m[2]}`,
  },
];

function uidMatch(rule: Rule, uid: string): string | undefined {
  for (const u of rule.uids) {
    if (u.endsWith('.') ? uid.startsWith(u) : uid === u) return u.endsWith('.') ? uid.slice(u.length) : '';
  }
  return undefined;
}

/**
 * Name the product behind an Implementation Class UID / Version Name. The UID
 * decides when it is known; otherwise the version name's pattern; otherwise
 * `unknown` with the raw values kept.
 */
export function fingerprint(implementationClassUid?: string, implementationVersionName?: string): Fingerprint {
  const raw = {
    ...(implementationClassUid ? { implementationClassUid } : {}),
    ...(implementationVersionName ? { implementationVersionName } : {}),
  };
  const vn = implementationVersionName ?? '';
  for (const rule of RULES) {
    const suffix = implementationClassUid ? uidMatch(rule, implementationClassUid) : undefined;
    const nameMatch = rule.versionName ? vn.match(rule.versionName) : null;
    if (suffix === undefined && !nameMatch) continue;
    const version =
      (suffix !== undefined && suffix !== '' ? rule.versionFromUid?.(suffix) : undefined) ??
      (nameMatch ? rule.versionFromName?.(nameMatch) : undefined);
    const product: Product = { name: rule.name, ...(version ? { version } : {}), ...raw };
    return rule.note ? { product, note: rule.note } : { product };
  }
  return { product: { name: 'unknown', ...raw } };
}
