/**
 * DICOM access control per product: only the inventory's peers may associate, query,
 * retrieve or store. One change closes dicom.any-calling-ae, any-called-ae, query-open,
 * retrieve-open and store-open, so the five playbooks share these variants (same
 * snippet ids: a screen may show a shared snippet once).
 *
 * Orthanc keys per design/lab-notes.md (Orthanc 1.10.1): any DicomAlwaysAllow* left
 * true lets every caller's association in, Echo included, so all of them go false.
 */
import { serverKey } from '../host';
import type { AllowList } from '../peers';
import type { PeerNode, RenderContext, Snippet, VariantDef } from './types';

/** Issue 14: whom an AE-title allow-list of these peers lets in (`ae+address` when the address is checked too). */
export function accessAllowList(ctx: RenderContext, binding: AllowList['binding'], extra: Partial<AllowList> = {}): AllowList {
  return { binding, entries: ctx.peers.map((p) => ({ aeTitle: p.aeTitle, address: p.host })), ...extra };
}

/** What a peer may do on an Orthanc server, from its inventory role (least privilege). */
export interface PeerRights {
  echo: boolean;
  find: boolean;
  get: boolean;
  move: boolean;
  store: boolean;
}

/**
 * Rights by role word: modalities send images; viewers and workstations query and
 * retrieve; PACS, archives and routers exchange everything; a RIS queries. Anything
 * else gets echo only, with a warning to decide.
 */
export function rightsForRole(role: string): { rights: PeerRights; known: boolean } {
  const r = role.toLowerCase();
  // Whole words (an optional plural s): "us" must not match "user".
  const has = (...words: string[]): boolean => words.some((w) => new RegExp(`\\b${w}s?\\b`).test(r));
  if (has('pacs', 'archive', 'vna', 'router', 'gateway')) return { rights: { echo: true, find: true, get: true, move: true, store: true }, known: true };
  if (has('workstation', 'viewer', 'reading', 'review')) return { rights: { echo: true, find: true, get: true, move: true, store: false }, known: true };
  if (has('modality', 'modalities', 'ct', 'mr', 'mri', 'us', 'ultrasound', 'cr', 'dx', 'xa', 'mg', 'mammo', 'mammography', 'pet', 'nm', 'scanner')) {
    return { rights: { echo: true, find: false, get: false, move: false, store: true }, known: true };
  }
  if (has('ris', 'worklist')) return { rights: { echo: true, find: true, get: false, move: false, store: false }, known: true };
  return { rights: { echo: true, find: false, get: false, move: false, store: false }, known: false };
}

function unknownRoleWarning(peers: readonly PeerNode[]): string[] {
  const unknown = peers.filter((p) => !rightsForRole(p.role).known);
  return unknown.length === 0
    ? []
    : [`role not recognised for ${unknown.map((p) => p.aeTitle).join(', ')}: given echo only; allow what each needs (find, get, move, store)`];
}

/** DicomModalities keys: the AE title made unique (Orthanc names entries freely). */
function modalityName(p: PeerNode, used: Set<string>): string {
  let name = p.aeTitle;
  for (let i = 2; used.has(name); i++) name = `${p.aeTitle}_${i}`;
  used.add(name);
  return name;
}

/** The Orthanc configuration keys that close access to unknown callers. */
export function orthancAccessConfig(ctx: RenderContext): Record<string, unknown> {
  const used = new Set<string>();
  const modalities: Record<string, unknown> = {};
  for (const p of ctx.peers) {
    const r = rightsForRole(p.role).rights;
    modalities[modalityName(p, used)] = {
      AET: p.aeTitle,
      Host: p.host,
      Port: p.port,
      AllowEcho: r.echo,
      AllowFind: r.find,
      AllowGet: r.get,
      AllowMove: r.move,
      AllowStore: r.store,
    };
  }
  const allIps = ctx.peers.length > 0 && ctx.peers.every((p) => p.isIp);
  return {
    ...(ctx.aeTitle ? { DicomAet: ctx.aeTitle } : {}),
    DicomCheckCalledAet: true,
    // Checking the caller's address as well only works when every peer is listed by address.
    ...(allIps ? { DicomCheckModalityHost: true } : {}),
    DicomAlwaysAllowEcho: false,
    DicomAlwaysAllowFind: false,
    DicomAlwaysAllowFindWorklist: false,
    DicomAlwaysAllowGet: false,
    DicomAlwaysAllowMove: false,
    DicomAlwaysAllowStore: false,
    DicomModalities: modalities,
  };
}

/** Debian's configuration file; the Windows installer's is named in `where`. */
export const ORTHANC_CONFIG = '/etc/orthanc/orthanc.json';
const ORTHANC_BACKUP = `${ORTHANC_CONFIG}.before-collimator`;

export function orthancBackupSnippet(): Snippet {
  return {
    id: 'orthanc-backup',
    title: "Back up Orthanc's configuration",
    language: 'shell',
    where: `on the Orthanc server (Debian/Ubuntu path; on Windows copy "C:\\Program Files\\Orthanc Server\\Configuration\\orthanc.json")`,
    code: `sudo cp -p ${ORTHANC_CONFIG} ${ORTHANC_BACKUP}\n`,
    rollback: { title: 'Remove the backup copy', language: 'shell', code: `sudo rm ${ORTHANC_BACKUP}\n` },
    warnings: [],
  };
}

/** Restores the backup made by orthancBackupSnippet and restarts: the rollback of every Orthanc configuration change. */
export function orthancRestore(): Snippet['rollback'] {
  return {
    title: 'Restore the backed-up configuration and restart Orthanc',
    language: 'shell',
    code: `sudo cp -p ${ORTHANC_BACKUP} ${ORTHANC_CONFIG}\nsudo systemctl restart orthanc\n`,
  };
}

export function orthancAccessSnippet(ctx: RenderContext): Snippet {
  return {
    id: 'orthanc-access',
    title: 'Orthanc: only the inventory\'s peers may connect',
    language: 'json',
    where: `set these keys in ${ORTHANC_CONFIG} (replace the existing ones; DicomModalities as a whole), then restart Orthanc`,
    code: `${JSON.stringify(orthancAccessConfig(ctx), null, 2)}\n`,
    rollback: orthancRestore(),
    // DicomCheckModalityHost is on exactly when every peer is listed by address (orthancAccessConfig).
    allowList: accessAllowList(ctx, ctx.peers.length > 0 && ctx.peers.every((p) => p.isIp) ? 'ae+address' : 'ae'),
    warnings: [
      ...(ctx.aeTitle ? [] : ['DicomAet is left as it is (the server\'s title is not in the inventory): peers must call it by that title']),
      ...unknownRoleWarning(ctx.peers),
    ],
  };
}

/** dcmqrscp HostTable symbols: lower-case letters, digits and `_`. */
function hostSymbol(i: number): string {
  return `collimator_peer${i + 1}`;
}

export function dcmqrscpSnippet(ctx: RenderContext): Snippet {
  const ae = ctx.aeTitle ?? 'YOUR_AE';
  const entries = ctx.peers.map((p, i) => `${hostSymbol(i)} = (${p.aeTitle}, ${p.host}, ${p.port})`);
  const group = ctx.peers.length ? `collimator_peers = ${ctx.peers.map((_p, i) => hostSymbol(i)).join(', ')}` : 'collimator_peers =';
  const code = [
    '# dcmqrscp.cfg: inside HostTable BEGIN ... HostTable END, add:',
    ...entries,
    group,
    '',
    `# In the AETable, end the line of ${ae} with collimator_peers instead of ANY,`,
    '# keeping its storage area, access and quota as they are, e.g.:',
    `# ${ae}  /var/lib/dcmqrscp/${ae}  RW  (200, 1024mb)  collimator_peers`,
    '# Run dcmqrscp with -dhl (--disable-host-lookup): peers listed by IP address are otherwise refused.',
  ];
  return {
    id: 'dcmqrscp-peers',
    title: 'dcmqrscp: AETable restricted to the inventory\'s peers',
    language: 'dcmtk-cfg',
    where: `edit dcmqrscp.cfg on ${ctx.host}, then restart dcmqrscp`,
    code: `${code.join('\n')}\n`,
    rollback: {
      title: 'Give the AE back to any peer',
      language: 'dcmtk-cfg',
      code: `# In the AETable, set the last field of ${ae} back to ANY, delete the collimator_peer lines\n# from the HostTable, and restart dcmqrscp.\n`,
    },
    warnings: ctx.aeTitle ? [] : ['the server\'s AE title is not known: replace YOUR_AE with the AE title of this dcmqrscp'],
    // With -dhl, dcmqrscp compares the caller's address with the HostTable entry as written.
    allowList: accessAllowList(ctx, 'ae+address'),
  };
}

/** The archive's default device name in dcm4chee-arc 5 LDAP. */
const DCM4CHEE_DEVICE = 'dicomDeviceName=dcm4chee-arc,cn=Devices,cn=DICOM Configuration,dc=dcm4che,dc=org';

export function dcm4cheeSnippet(ctx: RenderContext): Snippet {
  const ae = ctx.aeTitle ?? 'DCM4CHEE';
  const dn = `dn: dicomAETitle=${ae},${DCM4CHEE_DEVICE}`;
  const values = ctx.peers.map((p) => `dcmAcceptedCallingAETitle: ${p.aeTitle}`);
  const ldif = (op: 'add' | 'delete'): string =>
    [
      `# ldapmodify -x -H ldap://localhost:389 -D "cn=admin,dc=dcm4che,dc=org" -W -f ${op === 'add' ? 'collimator-accept.ldif' : 'collimator-accept-rollback.ldif'}`,
      `# then reload the archive configuration: curl -X POST http://${serverKey({ host: ctx.host, port: 8080 })}/dcm4chee-arc/ctrl/reload`,
      dn,
      'changetype: modify',
      `${op}: dcmAcceptedCallingAETitle`,
      ...values,
      '-',
      '',
    ].join('\n');
  return {
    id: 'dcm4chee-accepted-callers',
    title: 'dcm4chee-arc: accepted calling AE titles',
    language: 'ldif',
    where: 'apply with ldapmodify against the archive\'s LDAP (or in the UI: Configuration > Devices > dcm4chee-arc > Network AEs > Extended > Accepted Calling AE Titles)',
    code: ldif('add'),
    rollback: { title: 'Remove exactly these accepted calling AE titles', language: 'ldif', code: ldif('delete') },
    allowList: accessAllowList(ctx, 'ae', { emptyMeansAny: true }),
    warnings: [
      ...(ctx.aeTitle ? [] : ['the archive AE title is not known: DCM4CHEE (the default) is assumed; change the dn if yours differs']),
      ...(ctx.peers.length ? [] : ['no peers: an empty list means "accept any AE" in dcm4chee-arc; add the peers before applying']),
    ],
  };
}

export function genericAccessSnippet(ctx: RenderContext): Snippet {
  const rows = ctx.peers.map((p) => `  ${p.aeTitle.padEnd(16)}  ${p.host.padEnd(15)}  ${String(p.port).padEnd(5)}  ${p.label}`);
  const code = [
    `Known DICOM nodes allowed to talk to ${ctx.aeTitle ?? 'this server'} at ${serverKey(ctx)}:`,
    `  ${'AE title'.padEnd(16)}  ${'host'.padEnd(15)}  ${'port'.padEnd(5)}  role`,
    ...(rows.length ? rows : ['  (none: import the inventory first)']),
    '',
    'In the PACS DICOM settings (often "AE titles", "DICOM nodes" or "Remote AEs"):',
    '  - enter each node above, and allow each only the services it needs;',
    '  - turn on "accept only known / configured AE titles" (calling AE check);',
    '  - turn on "check called AE title", with this server\'s own title;',
    '  - where offered, also check the caller\'s IP address against its entry.',
  ];
  return {
    id: 'generic-access',
    title: 'Any PACS: accept only known AE titles',
    language: 'text',
    where: 'in the vendor\'s administration console (or ask the vendor\'s service engineer)',
    code: `${code.join('\n')}\n`,
    rollback: { title: 'Undo', language: 'text', code: 'Turn "accept only known AE titles" and the called-AE check back off; remove the nodes added.\n' },
    warnings: [],
    allowList: accessAllowList(ctx, 'ae'),
  };
}

const productIs = (...names: string[]) => (ctx: RenderContext): boolean => names.some((n) => (ctx.product?.name ?? '').toLowerCase().includes(n));

/** The access-control variants the five DICOM access playbooks share. */
export const ACCESS_VARIANTS: readonly VariantDef[] = [
  {
    id: 'orthanc',
    label: 'Orthanc',
    kind: 'vendor',
    // Orthanc is built on DCMTK and often identifies itself as DCMTK on the wire.
    likely: productIs('orthanc', 'dcmtk'),
    steps: [
      { key: 'backup', action: 'orthanc/backup', text: "Back up Orthanc's configuration file.", snippet: orthancBackupSnippet },
      { key: 'config', action: 'dicom-access/orthanc/config', text: 'Turn on the called AE check, turn every DicomAlwaysAllow* off, and list the peers ({peers}) as DicomModalities.', snippet: orthancAccessSnippet },
      { key: 'restart', action: 'dicom-access/orthanc/restart', text: 'Restart Orthanc (sudo systemctl restart orthanc, or the "Orthanc" Windows service) and check its log for configuration errors.' },
      { key: 'peers', action: 'dicom-access/orthanc/peers', text: 'Make sure every peer calls this server as {ae}; its own AE title must match its DicomModalities entry.' },
    ],
  },
  {
    id: 'dcmqrscp',
    label: 'DCMTK dcmqrscp',
    kind: 'vendor',
    likely: productIs('dcmtk'),
    steps: [
      { key: 'config', action: 'dicom-access/dcmqrscp/config', text: 'Restrict the AE to the inventory\'s peers in dcmqrscp.cfg (HostTable and AETable).', snippet: dcmqrscpSnippet },
      { key: 'restart', action: 'dicom-access/dcmqrscp/restart', text: 'Restart dcmqrscp with -dhl so that peers listed by address are matched.' },
    ],
  },
  {
    id: 'dcm4chee',
    label: 'dcm4chee-arc',
    kind: 'vendor',
    likely: productIs('dcm4che'),
    steps: [
      { key: 'config', action: 'dicom-access/dcm4chee/config', text: 'Set the accepted calling AE titles of {ae} to the inventory\'s peers.', snippet: dcm4cheeSnippet },
      { key: 'reload', action: 'dicom-access/dcm4chee/reload', text: 'Reload the archive configuration (Configuration > Reload, or the /ctrl/reload call) and confirm the peers still connect.' },
    ],
  },
  {
    id: 'generic',
    label: 'Other PACS',
    kind: 'vendor',
    steps: [{ key: 'config', action: 'dicom-access/generic/config', text: 'Enter the known nodes and turn on calling and called AE title checks in the vendor\'s console.', snippet: genericAccessSnippet }],
  },
];
