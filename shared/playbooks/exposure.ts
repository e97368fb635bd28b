/** Playbooks of the exposure checks (checks.md "Exposure checks"): firewall fixes, verified from the side that must be shut out. */
import { networkVariants } from './firewall';
import type { Playbook } from './types';

export const EXPOSURE_PLAYBOOKS: readonly Playbook[] = [
  {
    checkId: 'exposure.untrusted-reach',
    why: 'The scan from "{vantage}", a network marked untrusted (guest Wi-Fi, visitor VLAN, outside the firewall), reached {endpoint}. Anyone there can try every other weakness of this server, and malware there can move on to the imaging network.',
    steps: [
      { key: 'peers', text: 'Confirm the systems that must keep reaching port {port}: {peers}.' },
      { key: 'choose', text: 'Apply ONE of the rules below where it fits best: on the server itself, or by the network team in front of it. Keep the rollback at hand.' },
    ],
    variants: networkVariants('Let only the peers reach port {port}.'),
    confirm: 'Run Verify again from "{vantage}" (the same untrusted network): the port must not answer there, and a peer must still connect.',
  },
  {
    checkId: 'exposure.internet',
    why: 'An outside observation shows {endpoint} reachable from the internet. Exposed PACS are found by search engines within days; every weakness is then open to the whole world.',
    steps: [
      { key: 'nat', text: 'Find and remove the port forwarding / NAT rule or public address that exposes port {port} (router, cloud security group, VPN concentrator).' },
      { key: 'remote', text: 'Give remote readers a VPN or a zero-trust gateway instead of direct access.' },
    ],
    variants: networkVariants('In addition, let only the peers reach port {port}.'),
    confirm: 'An external check (the imported scan service, or a scan from an internet vantage) no longer sees the port.',
  },
];
