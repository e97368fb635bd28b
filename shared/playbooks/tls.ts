/** Playbooks of the TLS checks (checks.md "TLS checks"), for DICOM TLS ports and HTTPS alike. */
import { certInstallSnippet, csrSnippet, dcm4cheeTlsSnippet, fileTag, nginxSnippet, orthancClientAuthSnippet, stunnelSnippet } from './transport';
import type { Playbook, RenderContext, Snippet, SnippetCode, VariantDef } from './types';


const isWeb = (ctx: RenderContext): boolean => ctx.protocol === 'https' || ctx.protocol === 'http';
const isDicom = (ctx: RenderContext): boolean => !isWeb(ctx);
const productIs = (re: RegExp) => (ctx: RenderContext): boolean => re.test(ctx.product?.name ?? '');

const TLS_PLAYBOOKS_BEFORE_15: readonly Playbook[] = [
  {
    checkId: 'tls.legacy-protocol',
    why: 'TLS 1.0 and 1.1 have known weaknesses and are retired (RFC 8996). A client that can be pushed down to them gives an attacker on the path a chance to read or change the traffic.',
    steps: [{ key: 'clients', text: 'Check that the peers and browsers that use {endpoint} support TLS 1.2 (anything from the last ten years does).' }],
    variants: [
      {
        id: 'orthanc',
        label: 'Orthanc DICOM TLS',
        kind: 'vendor',
        likely: (ctx) => isDicom(ctx) && productIs(/orthanc|dcmtk/i)(ctx),
        steps: [
          { key: 'stunnel', text: 'Orthanc 1.10 has no setting to refuse TLS 1.0/1.1 on DICOM TLS: terminate TLS in stunnel (TLS 1.2+) in front of Orthanc\'s plaintext port and keep that port local.', snippet: stunnelSnippet },
        ],
      },
      {
        id: 'nginx',
        label: 'Web interface (nginx in front)',
        kind: 'vendor',
        likely: isWeb,
        steps: [{ key: 'nginx', text: 'Serve the web interface through nginx with TLS 1.2 and 1.3 only.', snippet: nginxSnippet }],
      },
      {
        id: 'dcm4chee',
        label: 'dcm4chee-arc',
        kind: 'vendor',
        likely: productIs(/dcm4che/i),
        steps: [{ key: 'tls', text: 'Limit the dicom-tls connection to TLS 1.2 and 1.3.', snippet: dcm4cheeTlsSnippet }],
      },
      {
        id: 'generic',
        label: 'Other products',
        kind: 'vendor',
        steps: [{ key: 'settings', text: 'In the product\'s TLS settings, set the minimum version to TLS 1.2; if there is none, put a TLS 1.2+ terminator (stunnel, nginx) in front of it.', snippet: stunnelSnippet }],
      },
    ],
    confirm: 'A TLS 1.1 handshake to {endpoint} is refused and TLS 1.2 works. Then press Verify.',
  },
  {
    checkId: 'tls.certificate',
    why: 'The certificate cannot be trusted (expired, self-signed, wrong name, weak key or SHA-1). Users and peers learn to click through warnings, and then cannot tell this server from an impostor.',
    steps: [
      { key: 'csr', action: 'tls/certificate-request', text: 'Make a key and certificate request for {host} and have your CA sign it.', snippet: csrSnippet },
      { key: 'install', action: 'tls/certificate-install', text: 'Install the signed certificate where the service reads it, keeping the old one.', snippet: certInstallSnippet },
      { key: 'trust', text: 'Make sure peers trust your CA (import its certificate on modalities and workstations).' },
    ],
    variants: [],
    confirm: 'A browser or `openssl s_client -connect {endpoint} -verify_return_error` shows no warning. Then press Verify.',
  },
  {
    checkId: 'tls.certificate-expiring',
    why: 'The certificate expires within 30 days. When it does, peers and browsers will refuse to connect: images stop flowing at a time nobody chose.',
    steps: [
      { key: 'csr', action: 'tls/certificate-request', text: 'Request the renewal now.', snippet: csrSnippet },
      { key: 'install', action: 'tls/certificate-install', text: 'Install the renewed certificate, keeping the old one until the new one is verified.', snippet: certInstallSnippet },
      { key: 'calendar', text: 'Put the next expiry date in the team calendar, 30 days ahead.' },
    ],
    variants: [],
    confirm: 'The certificate served on {endpoint} has the new expiry date. Then press Verify.',
  },
  {
    checkId: 'tls.client-auth-absent',
    why: 'The DICOM TLS port accepts any client without a certificate: encryption protects the wire, but anyone can still connect. Client certificates make the peer prove who it is.',
    steps: [{ key: 'certs', text: 'Issue a client certificate to each peer ({peers}) from one CA.' }],
    variants: [
      {
        id: 'orthanc',
        label: 'Orthanc',
        kind: 'vendor',
        likely: productIs(/orthanc|dcmtk/i),
        steps: [{ key: 'config', text: 'Require client certificates signed by the peers\' CA.', snippet: orthancClientAuthSnippet }],
      },
      {
        id: 'dcm4chee',
        label: 'dcm4chee-arc',
        kind: 'vendor',
        likely: productIs(/dcm4che/i),
        steps: [{ key: 'config', text: 'Set dcmTLSNeedClientAuth on the dicom-tls connection.', snippet: dcm4cheeTlsSnippet }],
      },
      {
        id: 'generic',
        label: 'Other products (stunnel in front)',
        kind: 'vendor',
        steps: [{ key: 'stunnel', text: 'Where the product cannot require client certificates, terminate TLS in stunnel with verifyChain.', snippet: stunnelSnippet }],
      },
    ],
    confirm: 'A TLS connection without a client certificate is refused; a peer with its certificate connects. Then press Verify.',
  },
];


// ---- Issue 15: cipher suites, key exchange and the PS3.15 profiles --------------------

/** RFC 9325's recommended TLS 1.2 suites (PS3.15 B.12), IANA names. */
export const B12_SUITES_IANA: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
];
/** The same suites in OpenSSL's names (nginx, stunnel). */
export const B12_SUITES_OPENSSL = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384';

/** Orthanc 1.12.4+: minimum TLS version and accepted suites on DICOM TLS. */
export function orthancB12Snippet(_ctx: RenderContext): Snippet {
  return {
    id: 'orthanc-dicom-tls-b12',
    title: 'Orthanc 1.12.4 or later: DICOM TLS limited to TLS 1.2+ and the B.12 suites',
    language: 'json',
    where: 'set these keys in /etc/orthanc/orthanc.json, then restart Orthanc (the options exist from Orthanc 1.12.4; older versions ignore them)',
    code: `${JSON.stringify({ DicomTlsMinimumProtocolVersion: 4, DicomTlsCiphersAccepted: B12_SUITES_IANA }, null, 2)}\n`,
    rollback: orthancRestoreB12(),
    warnings: [
      'check the value table above "DicomTlsMinimumProtocolVersion" in your version\'s Configuration.json: 4 is TLS 1.2 and 1.3 there; a value other than 0 needs the suite list too',
      'Orthanc 1.10/1.11 have neither option: upgrade, or put stunnel (B.12 settings) in front of a local plaintext port',
    ],
  };
}

function orthancRestoreB12(): SnippetCode {
  return {
    title: 'Remove the two keys (back to Orthanc\'s default BCP 195 profile)',
    language: 'json',
    code: '// delete "DicomTlsMinimumProtocolVersion" and "DicomTlsCiphersAccepted" from orthanc.json, then restart Orthanc\n',
  };
}

/** DCMTK storescp / dcmqrscp: the TLS profile options. */
export function dcmtkProfileSnippet(ctx: RenderContext): Snippet {
  const tag = fileTag(ctx);
  return {
    id: 'dcmtk-tls-profile',
    title: 'DCMTK (storescp, dcmqrscp): a TLS profile that meets B.12',
    language: 'shell',
    where: `in the command line or service unit that starts the DCMTK server on port ${ctx.port}; then restart it`,
    code: [
      '#!/bin/sh',
      '# DCMTK 3.6.8 or later: B.12 (BCP 195 RFC 8996, 9325); 3.6.9 adds --profile-8996-mod for B.13.',
      `storescp ${ctx.port} +tls /etc/dcmtk/${tag}.key /etc/dcmtk/${tag}.crt --profile-8996 +cf /etc/dcmtk/dicom-peers-ca.crt`,
      '# DCMTK 3.6.7 and older have no B.12 option: --profile-bcp195-nd (+py, its default) is the closest (retired',
      '# Non-Downgrading BCP 195, TLS 1.2+, no weak suites); never --profile-bcp195 (allows TLS 1.0 fallback) or +cs with CBC-SHA suites.',
      '',
    ].join('\n'),
    rollback: { title: 'Back to the previous options', language: 'shell', code: '# start the server with the options it had before (keep a copy of the unit file or script)\n' },
    warnings: ['the same TLS options apply to dcmqrscp (add them to its command line, not to dcmqrscp.cfg)', 'replace the key, certificate and CA paths with yours'],
  };
}

const DCM4CHEE_TLS_CONN_DN = 'dn: cn=dicom-tls,dicomDeviceName=dcm4chee-arc,cn=Devices,cn=DICOM Configuration,dc=dcm4che,dc=org';

/** dcm4chee-arc: protocol versions and cipher suites of the dicom-tls connection. */
export function dcm4cheeSuitesSnippet(_ctx: RenderContext): Snippet {
  const ldif = (lines: string[]): string => [DCM4CHEE_TLS_CONN_DN, 'changetype: modify', ...lines, ''].join('\n');
  return {
    id: 'dcm4chee-tls-suites',
    title: 'dcm4chee-arc: TLS 1.2+ and the B.12 suites on the dicom-tls connection',
    language: 'ldif',
    where: 'apply with ldapmodify against the archive\'s LDAP (UI: Configuration > Devices > dcm4chee-arc > Network Connections > dicom-tls), then reload the archive configuration',
    code: ldif([
      'replace: dcmTLSProtocol',
      'dcmTLSProtocol: TLSv1.3',
      'dcmTLSProtocol: TLSv1.2',
      '-',
      'replace: dicomTLSCipherSuite',
      ...['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', ...B12_SUITES_IANA].map((s) => `dicomTLSCipherSuite: ${s}`),
      '-',
    ]),
    rollback: {
      title: 'Put the previous suites back',
      language: 'ldif',
      code: ldif(['replace: dicomTLSCipherSuite', 'dicomTLSCipherSuite: TLS_RSA_WITH_AES_128_CBC_SHA', 'dicomTLSCipherSuite: SSL_RSA_WITH_3DES_EDE_CBC_SHA', '-', 'delete: dcmTLSProtocol', '-']),
    },
    warnings: ['the rollback restores the archive\'s old defaults (AES-CBC-SHA and 3DES); if yours differed, note them first (ldapsearch the connection)', 'every peer must support one of these suites (any TLS 1.2 client from the last ten years does)'],
  };
}

/** nginx in front of a web viewer: B.12 settings. */
export function nginxB12Snippet(ctx: RenderContext): Snippet {
  return {
    id: 'nginx-tls-b12',
    title: 'nginx: TLS 1.2/1.3 with the B.12 suites',
    language: 'nginx',
    where: `in the server { } block that serves port ${ctx.port} (or in http { } for all sites); then sudo nginx -t && sudo systemctl reload nginx`,
    code: [
      'ssl_protocols TLSv1.2 TLSv1.3;',
      `ssl_ciphers ${B12_SUITES_OPENSSL};`,
      'ssl_prefer_server_ciphers on;',
      'ssl_ecdh_curve X25519:prime256v1:secp384r1;',
      '# no DHE suites above, so no ssl_dhparam; if you must keep DHE, use a 2048-bit or larger group:',
      '#   openssl dhparam -out /etc/nginx/dhparam.pem 2048   and   ssl_dhparam /etc/nginx/dhparam.pem;',
      '',
    ].join('\n'),
    rollback: { title: 'Restore the previous lines', language: 'text', code: 'Put back the ssl_protocols / ssl_ciphers / ssl_ecdh_curve / ssl_dhparam lines you replaced (copy them before editing), then reload nginx.\n' },
    warnings: ['very old browsers and viewers (no TLS 1.2 with ECDHE-GCM) will no longer connect'],
  };
}

/** IIS (Windows SChannel) in front of a web viewer: B.12 settings. */
export function iisB12Snippet(_ctx: RenderContext): Snippet {
  const suites = ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256', ...B12_SUITES_IANA];
  return {
    id: 'iis-tls-b12',
    title: 'IIS / Windows SChannel: TLS 1.2/1.3 and the B.12 suites',
    language: 'powershell',
    where: 'in an elevated PowerShell on the Windows server; reboot afterwards (SChannel reads these at start)',
    code: [
      '# TLS 1.0 and 1.1 off (server side)',
      "foreach ($v in 'TLS 1.0','TLS 1.1') { $k = \"HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\$v\\Server\"; New-Item $k -Force | Out-Null; Set-ItemProperty $k Enabled 0 -Type DWord; Set-ItemProperty $k DisabledByDefault 1 -Type DWord }",
      '# Only the B.12 suites, in this order',
      'Get-TlsCipherSuite | Where-Object { $_.Name -notin @(' + suites.map((s) => `'${s}'`).join(',') + ') } | ForEach-Object { Disable-TlsCipherSuite -Name $_.Name }',
      '',
    ].join('\n'),
    rollback: {
      title: 'Back to Windows defaults',
      language: 'powershell',
      code: "foreach ($v in 'TLS 1.0','TLS 1.1') { Remove-Item \"HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\$v\" -Recurse -ErrorAction SilentlyContinue }\n# re-enable suites: Enable-TlsCipherSuite -Name <name> for each one you disabled (Get-TlsCipherSuite before the change lists them)\n",
    },
    warnings: ['run Get-TlsCipherSuite | Select Name > before.txt first, so the rollback knows what to re-enable', 'TLS 1.3 needs Windows Server 2022 or later'],
  };
}

const SUITE_VARIANTS: readonly VariantDef[] = [
  { id: 'orthanc', label: 'Orthanc DICOM TLS', kind: 'vendor', likely: (ctx) => isDicom(ctx) && productIs(/orthanc/i)(ctx), steps: [{ key: 'suites', text: 'Limit Orthanc\'s DICOM TLS to TLS 1.2+ and the B.12 suites.', snippet: orthancB12Snippet }] },
  { id: 'dcmqrscp', label: 'DCMTK (storescp, dcmqrscp)', kind: 'vendor', likely: (ctx) => isDicom(ctx) && productIs(/dcmtk|offis/i)(ctx), steps: [{ key: 'profile', text: 'Start the DCMTK server with a TLS profile that meets B.12.', snippet: dcmtkProfileSnippet }] },
  { id: 'dcm4chee', label: 'dcm4chee-arc', kind: 'vendor', likely: productIs(/dcm4che/i), steps: [{ key: 'suites', text: 'Replace the dicom-tls connection\'s protocols and suites (its old defaults are AES-CBC-SHA and 3DES).', snippet: dcm4cheeSuitesSnippet }] },
  { id: 'nginx', label: 'Web viewer behind nginx', kind: 'vendor', likely: isWeb, steps: [{ key: 'suites', text: 'Set nginx\'s TLS versions, suites and groups to B.12\'s.', snippet: nginxB12Snippet }] },
  { id: 'generic', label: 'Web viewer behind IIS', kind: 'vendor', likely: (ctx) => isWeb(ctx) && productIs(/iis|microsoft/i)(ctx), steps: [{ key: 'schannel', text: 'Set Windows SChannel to TLS 1.2/1.3 and the B.12 suites.', snippet: iisB12Snippet }] },
];

/** Every TLS playbook; issue 15's (weak suites, weak key exchange, the PS3.15 profile) last. */
export const TLS_PLAYBOOKS: readonly Playbook[] = [
  ...TLS_PLAYBOOKS_BEFORE_15,
  {
    checkId: 'tls.weak-cipher',
    why: 'The server accepts a cipher suite that BCP 195 rules out (3DES, RC4, NULL, anonymous, export, or AES-CBC with SHA-1 and RSA key exchange). An attacker on the path can push a client onto it, and such traffic can be read or was never protected by forward secrecy.',
    steps: [{ key: 'list', text: 'Note which peers of {endpoint} still need an old suite (the Server screen lists what is accepted); a peer that needs 3DES needs an upgrade, not an exception.' }],
    variants: SUITE_VARIANTS,
    confirm: '`openssl s_client -connect {endpoint} -tls1_2 -cipher AES128-SHA` is refused, and the Server screen\'s suite table shows only B.12 suites. Then press Verify: the record keeps the suite lists before and after.',
  },
  {
    checkId: 'tls.weak-key-exchange',
    why: 'The key exchange is too small (a DHE group under 2048 bits, or an ECDHE curve under 256 bits): a well-funded attacker can break it and read recorded traffic.',
    steps: [{ key: 'groups', text: 'Drop DHE suites (ECDHE is faster and B.12\'s choice), or give the server a 2048-bit or larger DH group; allow only X25519, P-256 and P-384 curves.' }],
    variants: SUITE_VARIANTS,
    confirm: 'The Server screen shows no DHE group under 2048 bits and no curve under 256 bits. Then press Verify.',
  },
  {
    checkId: 'tls.profile',
    why: 'The DICOM TLS port does not meet PS3.15 B.12 (BCP 195 RFC 8996, 9325) or B.13: it is what vendors, auditors and tenders now ask for, and a service that meets only a retired profile (Basic TLS, AES, BCP 195) accepts TLS 1.0 or weak suites.',
    steps: [{ key: 'target', text: 'Aim for B.12: TLS 1.2 and 1.3 only, the RFC 9325 suites, ECDHE on X25519/P-256/P-384, a 2048-bit or larger RSA (or P-256 ECDSA) certificate.' }],
    variants: SUITE_VARIANTS,
    confirm: 'The Server screen says "meets B.12" (or B.13). Then press Verify: the record keeps the suite lists before and after.',
  },
];
