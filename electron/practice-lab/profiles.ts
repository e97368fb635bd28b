/**
 * The practice lab's DICOM servers as data: who they let in, which
 * presentation contexts they accept, and how they answer each DIMSE request.
 * Pure functions decide; electron/practice-lab/scp.ts only wires them to sockets.
 *
 * Each profile is a misconfiguration an imaging admin meets in real life, so a
 * scan of the lab shows every kind of finding without touching a real PACS.
 */

/** Which practice server a profile describes. */
export type PracticeProfileKey = 'open-pacs' | 'locked-pacs' | 'modality-storage' | 'called-ae-archive';

/** Which presentation contexts (by abstract syntax) the server accepts. */
export type ContextPolicy =
  /** Verification, every Query/Retrieve model, worklist and every Storage class. */
  | 'verification-query-storage'
  /** Verification and Storage only (a modality or a storescp). */
  | 'verification-storage'
  /** Verification and Query/Retrieve only (an archive that takes no storage from strangers). */
  | 'verification-query';

/** How a C-FIND, C-MOVE or C-GET is answered once its context is accepted. */
export type QueryAnswer =
  /** Processed: C-FIND Success with zero matches; C-MOVE/C-GET a processing failure (nothing to send). */
  | 'processed'
  /** Refused: Not Authorized (0x0124), as a PACS does for an unknown caller. */
  | 'not-authorized';

/** One DICOM practice server's behaviour. */
export interface ScpProfile {
  key: PracticeProfileKey;
  /** Name an imaging admin understands, e.g. 'Open PACS'. */
  name: string;
  /** One or two sentences: what this server is and what is wrong with it. */
  description: string;
  /** The server's own AE title (the right called AE). */
  aet: string;
  /** When true, an association addressed to another called AE is rejected (1/1/7). */
  checkCalledAe: boolean;
  /** Calling AE titles let in; undefined lets anyone in. Others get 1/1/3. */
  allowedCallers?: string[];
  contexts: ContextPolicy;
  query: QueryAnswer;
  /** One line: what a scan of this server should find (check ids from the catalog). */
  expected: string;
}

/** PS3.8 Table 9-21 values used here (the library's constants collide, so numbers are spelled out). */
export const REJECT = {
  /** Result: rejected-permanent. */
  permanent: 1,
  /** Source: DICOM UL service-user. */
  serviceUser: 1,
  /** Reason (source 1): calling-AE-title-not-recognized. */
  callingAeNotRecognized: 3,
  /** Reason (source 1): called-AE-title-not-recognized. */
  calledAeNotRecognized: 7,
} as const;

/** DIMSE status codes the practice servers answer with (PS3.4 / PS3.7). */
export const STATUS = {
  success: 0x0000,
  /** Refused: Not Authorized. */
  notAuthorized: 0x0124,
  /** C-MOVE: Refused: Move Destination Unknown (processed, nowhere to send). */
  moveDestinationUnknown: 0xa801,
  /** C-GET: Failed: Unable to Process. */
  unableToProcess: 0xc000,
  /** C-STORE: Refused: Out of Resources; the lab never keeps what it is sent. */
  outOfResources: 0xa700,
} as const;

/** The outcome of an A-ASSOCIATE-RQ. */
export type AssociationDecision =
  | { accept: true }
  | { accept: false; result: number; source: number; reason: number; why: string };

/** DICOM AE titles are compared without their space padding. */
function ae(title: string): string {
  return title.trim();
}

/**
 * Accept or reject an association. The called AE is checked before the calling
 * AE, as Orthanc does, so a stranger with a wrong called AE sees 1/1/7.
 */
export function decideAssociation(profile: ScpProfile, callingAe: string, calledAe: string): AssociationDecision {
  if (profile.checkCalledAe && ae(calledAe) !== profile.aet) {
    return {
      accept: false,
      result: REJECT.permanent,
      source: REJECT.serviceUser,
      reason: REJECT.calledAeNotRecognized,
      why: `called AE ${ae(calledAe)} is not ${profile.aet}`,
    };
  }
  if (profile.allowedCallers && !profile.allowedCallers.includes(ae(callingAe))) {
    return {
      accept: false,
      result: REJECT.permanent,
      source: REJECT.serviceUser,
      reason: REJECT.callingAeNotRecognized,
      why: `calling AE ${ae(callingAe)} is not a registered peer`,
    };
  }
  return { accept: true };
}

/** What kind of service an abstract syntax (SOP class UID) belongs to. */
export type SopKind = 'verification' | 'query-retrieve' | 'storage' | 'other';

const VERIFICATION = '1.2.840.10008.1.1';
/** Patient Root, Study Root, Patient/Study Only: FIND, MOVE, GET (and the composite instance models). */
const QR_PREFIX = '1.2.840.10008.5.1.4.1.2.';
/** Modality Worklist Information Model - FIND. */
const WORKLIST = '1.2.840.10008.5.1.4.31';
/** Every Storage SOP class lives under this arc. */
const STORAGE_PREFIX = '1.2.840.10008.5.1.4.1.1.';

/** Classify a SOP class UID. */
export function sopKind(abstractSyntaxUid: string): SopKind {
  const uid = abstractSyntaxUid.trim();
  if (uid === VERIFICATION) return 'verification';
  if (uid.startsWith(QR_PREFIX) || uid === WORKLIST) return 'query-retrieve';
  if (uid.startsWith(STORAGE_PREFIX)) return 'storage';
  return 'other';
}

/** True when the profile accepts a presentation context for this abstract syntax. */
export function acceptsContext(profile: ScpProfile, abstractSyntaxUid: string): boolean {
  const kind = sopKind(abstractSyntaxUid);
  switch (profile.contexts) {
    case 'verification-query-storage':
      return kind !== 'other';
    case 'verification-storage':
      return kind === 'verification' || kind === 'storage';
    case 'verification-query':
      return kind === 'verification' || kind === 'query-retrieve';
  }
}

/** Uncompressed transfer syntaxes the lab speaks, in order of preference. */
export const LAB_TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2.1', // Explicit VR Little Endian
  '1.2.840.10008.1.2', // Implicit VR Little Endian
] as const;

/** The transfer syntax to accept out of those proposed, or undefined if none is spoken here. */
export function pickTransferSyntax(proposed: string[]): string | undefined {
  const offered = proposed.map((t) => t.trim());
  return LAB_TRANSFER_SYNTAXES.find((t) => offered.includes(t));
}

/** Final status of a C-FIND under this profile (never any match: the lab holds no data). */
export function findStatus(profile: ScpProfile): number {
  return profile.query === 'processed' ? STATUS.success : STATUS.notAuthorized;
}

/** Final status of a C-MOVE under this profile. */
export function moveStatus(profile: ScpProfile): number {
  return profile.query === 'processed' ? STATUS.moveDestinationUnknown : STATUS.notAuthorized;
}

/** Final status of a C-GET under this profile. */
export function getStatus(profile: ScpProfile): number {
  return profile.query === 'processed' ? STATUS.unableToProcess : STATUS.notAuthorized;
}

/** The registered peer of the locked-down PACS, as an admin would list it in the inventory. */
export const LOCKED_PACS_PEER = 'MODALITY1';

/** The four DICOM practice servers. */
export const PRACTICE_PROFILES: readonly ScpProfile[] = [
  {
    key: 'open-pacs',
    name: 'Open PACS',
    description:
      'A PACS that lets any device in: it ignores calling and called AE titles and accepts query, retrieve and storage from anyone.',
    aet: 'OPENPACS',
    checkCalledAe: false,
    contexts: 'verification-query-storage',
    query: 'processed',
    expected:
      'fails dicom.any-calling-ae, dicom.any-called-ae, dicom.query-open, dicom.retrieve-open, dicom.store-open and dicom.plaintext',
  },
  {
    key: 'locked-pacs',
    name: 'Locked-down PACS',
    description: `A PACS that only talks to its registered modality (${LOCKED_PACS_PEER}) and checks its own AE title.`,
    aet: 'SECUREPACS',
    checkCalledAe: true,
    allowedCallers: [LOCKED_PACS_PEER],
    contexts: 'verification-query-storage',
    query: 'processed',
    expected:
      'passes dicom.any-calling-ae (rejected 1/1/3), dicom.any-called-ae (1/1/7), query, retrieve and store; fails only dicom.plaintext',
  },
  {
    key: 'modality-storage',
    name: 'Modality with open storage',
    description:
      'A CT scanner whose storage service accepts images from any device under any AE title; it offers no query or retrieve.',
    aet: 'CT_SCANNER',
    checkCalledAe: false,
    contexts: 'verification-storage',
    query: 'not-authorized',
    expected:
      'fails dicom.any-calling-ae, dicom.any-called-ae, dicom.store-open and dicom.plaintext; passes query and retrieve (contexts rejected)',
  },
  {
    key: 'called-ae-archive',
    name: 'Archive that checks only its own AE title',
    description:
      'An archive that refuses a wrong called AE title but lets any calling AE in; it then refuses queries from strangers.',
    aet: 'ARCHIVE',
    checkCalledAe: true,
    contexts: 'verification-query',
    query: 'not-authorized',
    expected:
      'passes dicom.any-called-ae (1/1/7), query, retrieve (Not Authorized) and store (context rejected); fails dicom.any-calling-ae and dicom.plaintext',
  },
];
