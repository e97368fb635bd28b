/**
 * The DICOM SCP behaviours the benchmark deploys (the practice lab's four, plus two
 * common real-world variants), each with its AE policy as seen by an unknown caller:
 * the truth both tools are scored against.
 */
import { LOCKED_PACS_PEER, PRACTICE_PROFILES, type ScpProfile } from '../electron/practice-lab/profiles';
import type { Answer } from './compare';

export type BenchProfileKey = 'open-pacs' | 'locked-pacs' | 'modality-storage' | 'called-ae-archive' | 'calling-only' | 'locked-default-ae';

export interface BenchProfile {
  profile: ScpProfile;
  label: string;
  /** Accepts an unknown calling AE addressed to its own title. */
  calling: Exclude<Answer, 'unknown'>;
  /** Accepts an unknown calling AE addressed to a random title. */
  called: Exclude<Answer, 'unknown'>;
}

function practice(key: ScpProfile['key']): ScpProfile {
  const p = PRACTICE_PROFILES.find((x) => x.key === key);
  if (!p) throw new Error(`no practice profile ${key}`);
  return p;
}

export const BENCH_PROFILES: Record<BenchProfileKey, BenchProfile> = {
  'open-pacs': { profile: practice('open-pacs'), label: 'open PACS (any AE)', calling: 'accepts', called: 'accepts' },
  'locked-pacs': { profile: practice('locked-pacs'), label: 'locked PACS (called + calling AE checked)', calling: 'refuses', called: 'refuses' },
  'modality-storage': { profile: practice('modality-storage'), label: 'modality storage (any AE)', calling: 'accepts', called: 'accepts' },
  'called-ae-archive': { profile: practice('called-ae-archive'), label: 'archive (called AE checked only)', calling: 'accepts', called: 'refuses' },
  // Registered peers only, own title not checked: every unknown caller gets 1/1/3,
  // which dicom-ping reports as "Called AET check enabled".
  'calling-only': {
    profile: { ...practice('locked-pacs'), key: 'locked-pacs', name: 'Calling-AE-only PACS', aet: 'MAINPACS', checkCalledAe: false, allowedCallers: [LOCKED_PACS_PEER] },
    label: 'PACS checking the calling AE only',
    calling: 'refuses',
    called: 'refuses',
  },
  // A locked PACS left on a common default title.
  'locked-default-ae': {
    profile: { ...practice('locked-pacs'), name: 'Locked PACS on a default title', aet: 'PACS' },
    label: 'locked PACS on the default title PACS',
    calling: 'refuses',
    called: 'refuses',
  },
};

export const PROFILE_CYCLE: readonly BenchProfileKey[] = ['open-pacs', 'locked-pacs', 'modality-storage', 'called-ae-archive', 'calling-only', 'locked-default-ae'];
