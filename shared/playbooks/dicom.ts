/** Playbooks of the DICOM checks (checks.md "DICOM checks"). */
import { ACCESS_VARIANTS } from './access';
import { networkVariants } from './firewall';
import { csrSnippet, dcm4cheeTlsSnippet, genericTlsSnippet, orthancTlsSnippet, stunnelSnippet } from './transport';
import type { Playbook, StepDef } from './types';

/** Common first steps of every access fix: know who the peers are before shutting others out. */
const ACCESS_PREP: StepDef[] = [
  { key: 'inventory', action: 'dicom-access/inventory', text: 'Check that the inventory lists every system that must keep talking to {endpoint}: {peers}. A peer missing here loses access after the change.' },
  { key: 'window', action: 'dicom-access/window', text: 'Tell the modality and reading-room users about the change window; have the rollback ready.' },
];

const ACCESS_CONFIRM = 'From a peer, a DICOM echo (C-ECHO) to {ae} still succeeds; then press Verify: Collimator tries again with an unknown AE title from {vantage}.';

const restrictNetwork = networkVariants('As a second layer, let only the peers reach port {port}.');

export const DICOM_PLAYBOOKS: readonly Playbook[] = [
  {
    checkId: 'dicom.detected',
    why: 'A DICOM service answers at {endpoint}. That is not a weakness by itself, but every imaging service needs an owner and a reason to be reachable: forgotten test PACS and old modalities are how images leak.',
    steps: [
      { key: 'owner', text: 'Find who owns {endpoint} and what it is for; record it in the inventory.' },
      { key: 'needed', text: 'If nobody needs it, stop the service (or firewall the port) rather than securing it.' },
    ],
    variants: [],
    confirm: 'The service is in the inventory with an owner, or it is gone (Verify then shows the port closed).',
  },
  {
    checkId: 'dicom.any-calling-ae',
    why: 'The server accepts a connection from any AE title, so any device on the network can pretend to be a modality or workstation. It is the door to querying, pulling and pushing images without being registered.',
    steps: ACCESS_PREP,
    variants: [...ACCESS_VARIANTS, ...restrictNetwork],
    confirm: ACCESS_CONFIRM,
  },
  {
    checkId: 'dicom.any-called-ae',
    why: 'The server answers whatever AE title a caller asks for. A misconfigured or rogue client is never told it dialled the wrong system, and scanners can use the server without knowing its name.',
    steps: ACCESS_PREP,
    variants: ACCESS_VARIANTS,
    confirm: 'A peer calling {ae} still connects; a call to any other title is refused. Then press Verify.',
  },
  {
    checkId: 'dicom.query-open',
    why: 'An unknown caller can search the archive (C-FIND): patient names, IDs and study lists can be listed by anyone who reaches the port.',
    steps: ACCESS_PREP,
    variants: [...ACCESS_VARIANTS, ...restrictNetwork],
    confirm: ACCESS_CONFIRM,
  },
  {
    checkId: 'dicom.retrieve-open',
    why: 'An unknown caller can ask the server to send studies (C-GET, or C-MOVE to any destination): images can be pulled out of the archive by anyone who reaches the port.',
    steps: ACCESS_PREP,
    variants: [...ACCESS_VARIANTS, ...restrictNetwork],
    confirm: ACCESS_CONFIRM,
  },
  {
    checkId: 'dicom.store-open',
    why: 'An unknown caller may send images into the archive. Fake or altered studies could be filed under real patients, and the archive can be filled up.',
    steps: ACCESS_PREP,
    variants: [...ACCESS_VARIANTS, ...restrictNetwork],
    confirm: ACCESS_CONFIRM,
  },
  {
    checkId: 'dicom.plaintext',
    why: 'DICOM on {endpoint} travels unencrypted: patient names, reports and images can be read or altered by anyone on the path between this server and its peers.',
    steps: [
      { key: 'peers', text: 'Check which peers ({peers}) support DICOM TLS; plan the switch together, since plaintext peers stop working once TLS replaces it.' },
      { key: 'cert', text: 'Get a certificate for {host} from your organisation\'s CA.', snippet: csrSnippet },
    ],
    variants: [
      {
        id: 'orthanc',
        label: 'Orthanc',
        kind: 'vendor',
        likely: (ctx) => /orthanc|dcmtk/i.test(ctx.product?.name ?? ''),
        steps: [{ key: 'tls', text: 'Turn on DICOM TLS in Orthanc (it replaces plaintext on port {port}).', snippet: orthancTlsSnippet }],
      },
      {
        id: 'dcmqrscp',
        label: 'DCMTK dcmqrscp',
        kind: 'vendor',
        likely: (ctx) => /dcmtk/i.test(ctx.product?.name ?? ''),
        steps: [
          { key: 'stunnel', text: 'dcmqrscp has no TLS: put stunnel in front of it and keep port {port} local.', snippet: stunnelSnippet },
        ],
      },
      {
        id: 'dcm4chee',
        label: 'dcm4chee-arc',
        kind: 'vendor',
        likely: (ctx) => /dcm4che/i.test(ctx.product?.name ?? ''),
        steps: [{ key: 'tls', text: 'Use the archive\'s dicom-tls connection with TLS 1.2+ and client certificates, then retire the plaintext connection.', snippet: dcm4cheeTlsSnippet }],
      },
      { id: 'generic', label: 'Other PACS', kind: 'vendor', steps: [{ key: 'tls', text: 'Enable DICOM TLS in the vendor\'s settings.', snippet: genericTlsSnippet }] },
    ],
    confirm: 'A peer connects over TLS; a plaintext association to port {port} fails. Then press Verify.',
  },
  {
    checkId: 'dicom.tls-downgrade',
    why: 'The server offers DICOM TLS but still speaks plaintext DICOM on another port: a client (or an attacker in the middle) can simply use the unencrypted one.',
    steps: [{ key: 'move', text: 'Move every peer to the TLS port; list the ones that cannot and why.' }],
    variants: [
      { id: 'generic', label: 'Any product', kind: 'vendor', steps: [{ key: 'off', text: 'Turn off the plaintext DICOM listener on {endpoint} in the product\'s settings.' }] },
      ...networkVariants('If the plaintext listener cannot be turned off, let no one but the peers that still need it reach port {port}.'),
    ],
    confirm: 'Port {port} no longer answers plaintext DICOM from {vantage}. Then press Verify.',
  },
];
