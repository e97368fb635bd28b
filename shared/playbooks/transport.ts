/**
 * Encryption fixes: DICOM TLS on Orthanc, a TLS terminator (stunnel) in front of
 * servers without TLS or without a way to refuse old TLS versions (dcmqrscp, Orthanc
 * 1.10), nginx in front of web interfaces, certificates, and dcm4chee-arc's TLS
 * connection settings. File names derive from the validated host (`:` made `_`).
 */
import { orthancRestore } from './access';
import type { RenderContext, Snippet } from './types';

/** A file-name-safe form of the host: IPv6 colons become underscores. */
export function fileTag(ctx: RenderContext): string {
  return ctx.host.replace(/:/g, '_');
}

/** The TLS port a DICOM TLS listener takes (IANA `dicom-tls`). */
export const DICOM_TLS_PORT = 2762;

export function orthancTlsSnippet(ctx: RenderContext): Snippet {
  const dir = '/etc/orthanc/tls';
  const config = {
    DicomTlsEnabled: true,
    DicomTlsCertificate: `${dir}/${fileTag(ctx)}.crt`,
    DicomTlsPrivateKey: `${dir}/${fileTag(ctx)}.key`,
    DicomTlsTrustedCertificates: `${dir}/dicom-peers-ca.crt`,
    DicomTlsRemoteCertificateRequired: true,
  };
  return {
    id: 'orthanc-dicom-tls',
    title: 'Orthanc: DICOM over TLS, with client certificates',
    language: 'json',
    where: `set these keys in /etc/orthanc/orthanc.json, add "UseDicomTls": true to each DicomModalities entry that supports TLS, then restart Orthanc. DICOM TLS replaces plaintext on port ${ctx.port}`,
    code: `${JSON.stringify(config, null, 2)}\n`,
    rollback: orthancRestore(),
    warnings: [
      `the key file must be unencrypted and readable by the orthanc user; the certificate should name ${ctx.host}`,
      'every peer must switch to TLS at the same time (plaintext stops on this port)',
    ],
  };
}

export function orthancClientAuthSnippet(_ctx: RenderContext): Snippet {
  return {
    id: 'orthanc-tls-client-auth',
    title: 'Orthanc: require client certificates on DICOM TLS',
    language: 'json',
    where: 'set these keys in /etc/orthanc/orthanc.json, then restart Orthanc',
    code: `${JSON.stringify({ DicomTlsRemoteCertificateRequired: true, DicomTlsTrustedCertificates: '/etc/orthanc/tls/dicom-peers-ca.crt' }, null, 2)}\n`,
    rollback: orthancRestore(),
    warnings: ['dicom-peers-ca.crt must hold the CA (or the certificates) of every peer that connects'],
  };
}

/** stunnel terminating TLS 1.2+ (client certificates required) in front of a plaintext DICOM port. */
export function stunnelSnippet(ctx: RenderContext): Snippet {
  const conf = `/etc/stunnel/collimator-dicom-${ctx.port}.conf`;
  const code = [
    `# ${conf}: DICOM TLS on port ${DICOM_TLS_PORT}, forwarded to the server's plaintext port ${ctx.port} on this machine.`,
    `# Then limit port ${ctx.port} to this machine (see the firewall snippets) so plaintext stays local.`,
    `[dicom-tls-${ctx.port}]`,
    `accept = ${DICOM_TLS_PORT}`,
    `connect = 127.0.0.1:${ctx.port}`,
    `cert = /etc/stunnel/${fileTag(ctx)}.crt`,
    `key = /etc/stunnel/${fileTag(ctx)}.key`,
    'sslVersionMin = TLSv1.2',
    '; verifyChain: refuse peers without a certificate from this CA',
    'verifyChain = yes',
    'CAfile = /etc/stunnel/dicom-peers-ca.crt',
  ];
  return {
    id: 'stunnel-dicom-tls',
    title: `stunnel: DICOM TLS (TLS 1.2+) in front of port ${ctx.port}`,
    language: 'ini',
    where: `on ${ctx.host}: save as ${conf}, then start stunnel with it (systemctl restart stunnel4, or stunnel ${conf})`,
    code: `${code.join('\n')}\n`,
    rollback: { title: 'Remove the stunnel service', language: 'shell', code: `sudo rm ${conf}\nsudo systemctl restart stunnel4\n` },
    warnings: ['peers must connect to port 2762 with TLS and present a certificate signed by dicom-peers-ca'],
  };
}

/** nginx terminating HTTPS in front of a web interface, with HTTP redirected and HSTS on. */
export function nginxSnippet(ctx: RenderContext): Snippet {
  const file = `/etc/nginx/sites-available/collimator-${ctx.port}.conf`;
  const enabled = `/etc/nginx/sites-enabled/collimator-${ctx.port}.conf`;
  const name = ctx.hostIsIp ? '_' : ctx.host;
  const code = [
    '#!/bin/sh',
    `# HTTPS in front of the web interface on port ${ctx.port}: TLS 1.2+, HSTS, HTTP redirected.`,
    `sudo tee ${file} >/dev/null <<'COLLIMATOR_EOF'`,
    'server {',
    '    listen 443 ssl;',
    `    server_name ${name};`,
    `    ssl_certificate     /etc/nginx/tls/${fileTag(ctx)}.crt;`,
    `    ssl_certificate_key /etc/nginx/tls/${fileTag(ctx)}.key;`,
    '    ssl_protocols TLSv1.2 TLSv1.3;',
    '    add_header Strict-Transport-Security "max-age=31536000" always;',
    '    location / {',
    `        proxy_pass http://127.0.0.1:${ctx.port};`,
    '        proxy_set_header Host $host;',
    '    }',
    '}',
    'server {',
    '    listen 80;',
    `    server_name ${name};`,
    '    return 301 https://$host$request_uri;',
    '}',
    'COLLIMATOR_EOF',
    `sudo ln -s ${file} ${enabled}`,
    'sudo nginx -t && sudo systemctl reload nginx',
  ];
  return {
    id: 'nginx-https',
    title: 'nginx: HTTPS with HSTS in front of the web interface',
    language: 'shell',
    where: `on ${ctx.host} with nginx installed; then firewall port ${ctx.port} so only this machine reaches it`,
    code: `${code.join('\n')}\n`,
    rollback: { title: 'Remove the nginx site', language: 'shell', code: `sudo rm ${enabled} ${file}\nsudo nginx -t && sudo systemctl reload nginx\n` },
    warnings: ['the certificate must name the address users type; users and viewers must switch to https://'],
  };
}

/** A key and certificate signing request for this server (the CA signs it). */
export function csrSnippet(ctx: RenderContext): Snippet {
  const tag = fileTag(ctx);
  const san = ctx.hostIsIp ? `IP:${ctx.host}` : `DNS:${ctx.host}`;
  const code = [
    '#!/bin/sh',
    `# A new 3072-bit RSA key and a SHA-256 certificate request naming ${ctx.host}; send ${tag}.csr to your CA.`,
    `openssl req -new -newkey rsa:3072 -sha256 -nodes -keyout ${tag}.key -out ${tag}.csr -subj "/CN=${ctx.host}" -addext "subjectAltName=${san}"`,
    `chmod 600 ${tag}.key`,
  ];
  return {
    id: 'tls-csr',
    title: `A certificate request for ${ctx.host}`,
    language: 'shell',
    where: 'on any machine with OpenSSL 1.1.1 or later; keep the key on the server only',
    code: `${code.join('\n')}\n`,
    rollback: { title: 'Discard the request', language: 'shell', code: `rm -f ${tag}.key ${tag}.csr\n` },
    warnings: [],
  };
}

/** Swap in the new certificate, keeping the old one for rollback. */
export function certInstallSnippet(ctx: RenderContext): Snippet {
  const tag = fileTag(ctx);
  const code = [
    '#!/bin/sh',
    '# CERT and KEY: the files your server is configured with (see its TLS settings).',
    'CERT=/path/to/current.crt KEY=/path/to/current.key',
    'cp -p "$CERT" "$CERT.before-collimator" && cp -p "$KEY" "$KEY.before-collimator"',
    `cp ${tag}.crt "$CERT" && cp ${tag}.key "$KEY"`,
    '# then restart the service that serves it',
  ];
  return {
    id: 'tls-install',
    title: 'Install the new certificate (keeping the old one)',
    language: 'shell',
    where: `on ${ctx.host}`,
    code: `${code.join('\n')}\n`,
    rollback: {
      title: 'Put the old certificate back',
      language: 'shell',
      code: 'CERT=/path/to/current.crt KEY=/path/to/current.key\ncp -p "$CERT.before-collimator" "$CERT" && cp -p "$KEY.before-collimator" "$KEY"\n# then restart the service\n',
    },
    warnings: ['set CERT and KEY to the paths your server uses'],
  };
}

const DCM4CHEE_TLS_DN = 'dn: cn=dicom-tls,dicomDeviceName=dcm4chee-arc,cn=Devices,cn=DICOM Configuration,dc=dcm4che,dc=org';

/** dcm4chee-arc: TLS protocol versions and client authentication of its `dicom-tls` connection. */
export function dcm4cheeTlsSnippet(_ctx: RenderContext): Snippet {
  const ldif = (lines: string[]): string => [DCM4CHEE_TLS_DN, 'changetype: modify', ...lines, ''].join('\n');
  return {
    id: 'dcm4chee-tls',
    title: 'dcm4chee-arc: TLS 1.2+ and client certificates on the dicom-tls connection',
    language: 'ldif',
    where: 'apply with ldapmodify against the archive\'s LDAP (UI: Configuration > Devices > dcm4chee-arc > Network Connections > dicom-tls), then reload the archive configuration',
    code: ldif(['replace: dcmTLSProtocol', 'dcmTLSProtocol: TLSv1.3', 'dcmTLSProtocol: TLSv1.2', '-', 'replace: dcmTLSNeedClientAuth', 'dcmTLSNeedClientAuth: TRUE', '-']),
    rollback: {
      title: 'Return to the archive defaults',
      language: 'ldif',
      code: ldif(['delete: dcmTLSProtocol', '-', 'delete: dcmTLSNeedClientAuth', '-']),
    },
    warnings: ['then point peers at the dicom-tls port and turn off the plaintext dicom connection once all have moved'],
  };
}

export function genericTlsSnippet(ctx: RenderContext): Snippet {
  return {
    id: 'generic-tls',
    title: 'Any PACS: DICOM TLS',
    language: 'text',
    where: "in the vendor's DICOM network settings (or ask the vendor's service engineer)",
    code: [
      `For ${ctx.aeTitle ?? 'this server'} at ${ctx.host}:`,
      `  - enable DICOM TLS (port ${DICOM_TLS_PORT}) with a certificate naming ${ctx.host};`,
      '  - allow TLS 1.2 and 1.3 only; require client certificates from peers;',
      `  - move every peer to TLS, then disable the plaintext listener on port ${ctx.port}.`,
      '',
    ].join('\n'),
    rollback: { title: 'Undo', language: 'text', code: `Re-enable the plaintext listener on port ${ctx.port} and point peers back to it.\n` },
    warnings: [],
  };
}
