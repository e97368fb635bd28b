/**
 * DICOM UIDs the probes use (PS3.6 Annex A), with the words shown in evidence.
 * Only what the probes propose: a Verification context, the Study Root
 * Query/Retrieve models and one Storage class (CT) to see whether storing is open.
 */

export const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';

export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';

export const VERIFICATION = '1.2.840.10008.1.1';
export const STUDY_ROOT_FIND = '1.2.840.10008.5.1.4.1.2.2.1';
export const STUDY_ROOT_MOVE = '1.2.840.10008.5.1.4.1.2.2.2';
export const STUDY_ROOT_GET = '1.2.840.10008.5.1.4.1.2.2.3';
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
export const SECONDARY_CAPTURE_STORAGE = '1.2.840.10008.5.1.4.1.1.7';

/**
 * Collimator's own Implementation Class UID (a UUID-derived `2.25.` UID, PS3.5 B.2)
 * and Implementation Version Name (at most 16 characters), sent in every A-ASSOCIATE-RQ
 * so an administrator can recognise the scanner in their server's logs.
 */
export const COLLIMATOR_IMPLEMENTATION_UID = '2.25.303998481887400330870824861748258166922';
export const COLLIMATOR_VERSION_NAME = 'COLLIMATOR_010';

const NAMES: Readonly<Record<string, string>> = {
  [APPLICATION_CONTEXT]: 'DICOM Application Context',
  [IMPLICIT_VR_LE]: 'Implicit VR Little Endian',
  [EXPLICIT_VR_LE]: 'Explicit VR Little Endian',
  [VERIFICATION]: 'Verification',
  [STUDY_ROOT_FIND]: 'Study Root Query/Retrieve - FIND',
  [STUDY_ROOT_MOVE]: 'Study Root Query/Retrieve - MOVE',
  [STUDY_ROOT_GET]: 'Study Root Query/Retrieve - GET',
  [CT_IMAGE_STORAGE]: 'CT Image Storage',
  [MR_IMAGE_STORAGE]: 'MR Image Storage',
  [SECONDARY_CAPTURE_STORAGE]: 'Secondary Capture Image Storage',
};

/** Words for a UID the probes know, or the UID itself. */
export function uidName(uid: string): string {
  return NAMES[uid] ?? uid;
}
