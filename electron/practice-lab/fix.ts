/**
 * A practice server fixed the way its checklist's snippets would fix a real PACS (issue
 * 17): the called AE title checked, only the inventory's peers let in (unknown callers
 * refused at association, 1/1/3), and DICOM TLS where the lab has a TLS server (it has
 * none: that stays a finding, and the result says so). Pure: a profile in, a profile out.
 */
import type { ScpProfile } from './profiles';

export interface PracticeFix {
  profile: ScpProfile;
  /** What is now in place, one line each. */
  applied: string[];
  /** What the snippets ask for that the lab cannot do, one line each. */
  notApplied: string[];
}

/** DICOM AE titles are compared without their space padding. */
function trimAe(ae: string): string {
  return ae.trim();
}

/**
 * `peers`: the AE titles of the inventory's nodes other than this server (the
 * snippets' allow-list). An empty list refuses every caller, as an empty Orthanc
 * DicomModalities with every DicomAlwaysAllow* off does.
 */
export function practiceFix(profile: ScpProfile, peers: readonly string[]): PracticeFix {
  const allowed = [...new Set(peers.map(trimAe).filter((p) => p !== ''))];
  const applied = [
    `called AE title checked: only calls to ${profile.aet} are answered`,
    allowed.length > 0
      ? `only the inventory's peers may call: ${allowed.join(', ')}; any other calling AE title is refused`
      : 'the inventory lists no peers, so every calling AE title is refused (add the peers to let them in)',
  ];
  return {
    profile: { ...profile, checkCalledAe: true, allowedCallers: allowed },
    applied,
    notApplied: ['DICOM TLS: the practice lab has no TLS server, so plaintext DICOM (dicom.plaintext) stays a finding here'],
  };
}
