/** Playbooks of the web checks (checks.md "Web checks"). */
import { orthancBackupSnippet, orthancRestore } from './access';
import { networkVariants } from './firewall';
import { nginxSnippet } from './transport';
import type { Playbook, RenderContext, Snippet } from './types';

const likelyOrthanc = (ctx: RenderContext): boolean => /orthanc/i.test(ctx.product?.name ?? '');

/** The placeholder an admin replaces; the app never invents or stores a password. */
export const PASSWORD_PLACEHOLDER = 'REPLACE-WITH-A-LONG-RANDOM-PASSWORD';

/** Orthanc REST/Explorer behind a login; the default `orthanc` account replaced. */
export function orthancWebAuthSnippet(ctx: RenderContext): Snippet {
  const config = {
    AuthenticationEnabled: true,
    RegisteredUsers: { 'imaging-admin': PASSWORD_PLACEHOLDER },
  };
  return {
    id: 'orthanc-web-auth',
    title: 'Orthanc: REST API and Explorer behind a login',
    language: 'json',
    where: `set these keys in /etc/orthanc/orthanc.json (RegisteredUsers replaces the whole list, so the default orthanc/orthanc account goes), then restart Orthanc; the API is on port ${ctx.port}`,
    code: `${JSON.stringify(config, null, 2)}\n`,
    rollback: orthancRestore(),
    warnings: [`replace ${PASSWORD_PLACEHOLDER} with a long random password and store it in your password safe; scripts and viewers that call the API need it too`],
  };
}

/** Orthanc: REST only from this machine, where nobody remote needs it. */
export function orthancLocalOnlySnippet(_ctx: RenderContext): Snippet {
  return {
    id: 'orthanc-local-only',
    title: 'Orthanc: REST API from this machine only',
    language: 'json',
    where: 'set this key in /etc/orthanc/orthanc.json and restart Orthanc; only if no remote viewer or script uses the API',
    code: `${JSON.stringify({ RemoteAccessAllowed: false }, null, 2)}\n`,
    rollback: orthancRestore(),
    warnings: [],
  };
}

const ORTHANC_WEB = {
  id: 'orthanc' as const,
  label: 'Orthanc',
  kind: 'vendor' as const,
  likely: likelyOrthanc,
};

export const WEB_PLAYBOOKS: readonly Playbook[] = [
  {
    checkId: 'web.detected',
    why: 'An imaging web interface answers at {endpoint}. Web front ends are what attackers scan for first; each needs an owner, a login and HTTPS.',
    steps: [
      { key: 'owner', text: 'Find who uses the web interface on {endpoint}; record it in the inventory.' },
      { key: 'needed', text: 'If nobody needs it, turn it off or firewall the port.' },
    ],
    variants: [],
    confirm: 'The interface is known and owned, or it is gone.',
  },
  {
    checkId: 'web.plaintext',
    why: 'The web interface runs over plain HTTP: logins, patient lists and images cross the network readable by anyone on the path.',
    steps: [{ key: 'cert', text: 'Get a certificate for {host} (see the TLS certificate steps) before switching.' }],
    variants: [
      { id: 'nginx', label: 'nginx in front (any product, Orthanc included)', kind: 'vendor', steps: [{ key: 'nginx', text: 'Serve it over HTTPS through nginx, redirect HTTP, and keep port {port} local.', snippet: nginxSnippet }] },
      ...networkVariants('Once HTTPS works, let only this machine (nginx) reach port {port}.'),
    ],
    confirm: 'http:// on {host} redirects to https://; port {port} is not reachable from {vantage}. Then press Verify.',
  },
  {
    checkId: 'web.unauthenticated',
    why: 'Data or control endpoints answer without a login: anyone who reaches {endpoint} can list studies, download images or change the server.',
    steps: [],
    variants: [
      {
        ...ORTHANC_WEB,
        steps: [
          { key: 'backup', action: 'orthanc/backup', text: "Back up Orthanc's configuration file.", snippet: orthancBackupSnippet },
          { key: 'auth', action: 'orthanc-web/accounts', text: 'Turn authentication on with a named account.', snippet: orthancWebAuthSnippet },
          { key: 'local', text: 'Where no remote viewer or script needs the API, also keep it to this machine.', snippet: orthancLocalOnlySnippet },
        ],
      },
      { id: 'generic', label: 'Other products', kind: 'vendor', steps: [{ key: 'auth', text: 'Turn on authentication for the web interface and its APIs (DICOMweb included) in the product\'s settings.' }] },
      ...networkVariants('Until it has a login, let only the systems that use it reach port {port}.'),
    ],
    confirm: 'Without credentials, {endpoint} answers 401; with them it works. Then press Verify.',
  },
  {
    checkId: 'web.default-credentials',
    why: 'The vendor\'s default password works. It is printed in every manual: this is the first thing an attacker tries.',
    steps: [{ key: 'inventory', text: 'List every script, viewer and integration that logs in to {endpoint}; they need the new credentials.' }],
    variants: [
      {
        ...ORTHANC_WEB,
        steps: [
          { key: 'backup', action: 'orthanc/backup', text: "Back up Orthanc's configuration file.", snippet: orthancBackupSnippet },
          { key: 'users', action: 'orthanc-web/accounts', text: 'Replace the default orthanc/orthanc account with a named account and a strong password.', snippet: orthancWebAuthSnippet },
        ],
      },
      { id: 'generic', label: 'Other products', kind: 'vendor', steps: [{ key: 'password', text: 'Change or disable the default account in the product\'s user settings.' }] },
    ],
    confirm: 'The default credentials are refused. Then press Verify (with the default-credentials check opted in).',
  },
  {
    checkId: 'web.no-hsts',
    why: 'HTTPS without HSTS: a browser that once typed http:// can be kept on plain HTTP by an attacker on the path.',
    steps: [],
    variants: [
      { id: 'nginx', label: 'nginx', kind: 'vendor', likely: () => true, steps: [{ key: 'hsts', text: 'Add the Strict-Transport-Security header where HTTPS is terminated.', snippet: nginxSnippet }] },
      { id: 'generic', label: 'Other web servers', kind: 'vendor', steps: [{ key: 'hsts', text: 'Send "Strict-Transport-Security: max-age=31536000" on every HTTPS response.' }] },
    ],
    confirm: 'The HTTPS response of {endpoint} carries Strict-Transport-Security. Then press Verify.',
  },
];
