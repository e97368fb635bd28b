/** Manual attestations (checks.md "Manual attestations"): controls that cannot be probed, attested with a note. */
import type { AttestationDef } from './types';

export const ATTESTATIONS: readonly AttestationDef[] = [
  {
    id: 'manual.mfa',
    title: 'Multi-factor sign-in on the web and remote interfaces',
    why: 'A stolen or guessed password alone must not open the archive: a second factor stops most account takeovers.',
    attack: ['T1110'],
    how: 'Sign in to each web or remote interface of this server: it must ask for a second factor (app, token, smart card). Note which interfaces, and where MFA is not possible, the compensating control.',
  },
  {
    id: 'manual.patch-level',
    title: 'Vendor patch level',
    why: 'Imaging products ship security fixes like any software; an unpatched PACS or viewer carries publicly known holes.',
    attack: [],
    how: 'Compare the installed version (the scan saw the product and version it reports) with the vendor\'s latest security bulletin; note the version, the bulletin date, and the plan if an update needs the vendor.',
  },
  {
    id: 'manual.lockout',
    title: 'Account lockout or throttling after failed sign-ins',
    why: 'Without a lockout, passwords can be guessed at machine speed.',
    attack: ['T1110'],
    how: 'Check the product\'s account policy: repeated failed sign-ins must lock the account or slow down attempts. Note the threshold and lockout time.',
  },
];
