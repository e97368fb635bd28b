/** Playbooks of the TLS checks (checks.md "TLS checks"), for DICOM TLS ports and HTTPS alike. */
import { certInstallSnippet, csrSnippet, dcm4cheeTlsSnippet, nginxSnippet, orthancClientAuthSnippet, stunnelSnippet } from './transport';
import type { Playbook, RenderContext } from './types';

const isWeb = (ctx: RenderContext): boolean => ctx.protocol === 'https' || ctx.protocol === 'http';
const isDicom = (ctx: RenderContext): boolean => !isWeb(ctx);
const productIs = (re: RegExp) => (ctx: RenderContext): boolean => re.test(ctx.product?.name ?? '');

export const TLS_PLAYBOOKS: readonly Playbook[] = [
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

