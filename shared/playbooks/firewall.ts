/**
 * Network fixes: let only the inventory's peers reach this server's port, shut every
 * other source out (the untrusted vantage included). One renderer per platform, each
 * with a rollback that removes exactly what it added:
 *  - Linux nftables: a table of its own, so rollback is `nft delete table ...`;
 *  - macOS pf: an anchor of its own in /etc/pf.anchors, referenced from pf.conf;
 *  - Windows Defender Firewall: two rules in a group of their own. Block rules win over
 *    allow rules there, so the block rule lists every address EXCEPT the peers;
 *  - a plain ACL request for the network team.
 * Values come from a validated RenderContext (values.ts): addresses are canonical IP
 * literals, ports integers, labels comment-safe.
 */
import { complementRanges, formatRange, parseIp } from './ip';
import type { AllowList } from '../peers';
import type { RenderContext, Snippet, VariantDef } from './types';
import { hostNamePeerWarning, peerIps, ruleTag } from './values';
import { vantageName } from '../vantage';

/** The here-document delimiter; no value that reaches a snippet can contain it. */
const EOF = 'COLLIMATOR_EOF';

/** Issue 14: whom these rules let in: the peers' addresses (host names are not in the rules). */
export function firewallAllowList(ctx: RenderContext): AllowList {
  return { binding: 'address', entries: [...peerIps(ctx, 4), ...peerIps(ctx, 6)].map((p) => ({ address: p.host })) };
}

function describeTarget(ctx: RenderContext): string {
  return `${ctx.host} port ${ctx.port}${ctx.aeTitle ? ` (AE ${ctx.aeTitle})` : ''}`;
}

function emptyPeersWarning(ctx: RenderContext): string[] {
  return peerIps(ctx, 4).length + peerIps(ctx, 6).length === 0
    ? ['no peer addresses: this rule blocks EVERY other host from this port; add the peers to the inventory first unless that is what you want']
    : [];
}

/** nftables table name for this port: letters, digits and `_` only. */
export function nftTableName(ctx: RenderContext): string {
  return `collimator_${ruleTag(ctx)}`;
}

export function nftablesSnippet(ctx: RenderContext): Snippet {
  const table = nftTableName(ctx);
  const v4 = peerIps(ctx, 4).map((p) => p.host);
  const v6 = peerIps(ctx, 6).map((p) => p.host);
  const lines = [
    '#!/bin/sh',
    `# Collimator: only the inventory's DICOM peers may reach ${describeTarget(ctx)};`,
    `# every other source is dropped, including ${vantageName(ctx.vantage)}.`,
    `# Run as root on ${ctx.host}. The rules live in their own table "${table}";`,
    '# re-running replaces it (the first two lines make the load idempotent).',
    `nft -f - <<'${EOF}'`,
    `table inet ${table}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    '  chain input {',
    '    type filter hook input priority -10; policy accept;',
    '    iifname "lo" accept',
    ...(v4.length ? [`    tcp dport ${ctx.port} ip saddr { ${v4.join(', ')} } accept`] : []),
    ...(v6.length ? [`    tcp dport ${ctx.port} ip6 saddr { ${v6.join(', ')} } accept`] : []),
    `    tcp dport ${ctx.port} counter drop comment "Collimator: port ${ctx.port} from non-peers"`,
    '  }',
    '}',
    EOF,
    `nft list table inet ${table}`,
  ];
  return {
    id: 'linux-nftables',
    title: `nftables: only peers may reach port ${ctx.port}`,
    language: 'shell',
    where: `as root on ${ctx.host} (Linux with nftables); persist it by adding the table to /etc/nftables.conf`,
    code: `${lines.join('\n')}\n`,
    rollback: {
      title: 'Remove the Collimator nftables table',
      language: 'shell',
      code: `#!/bin/sh\n# Removes only what the snippet added.\nnft delete table inet ${table}\n`,
    },
    warnings: [...emptyPeersWarning(ctx), ...hostNamePeerWarning(ctx)],
    allowList: firewallAllowList(ctx),
  };
}

/** pf anchor name: letters, digits, `.` and `_`. */
export function pfAnchorName(ctx: RenderContext): string {
  return `collimator.${ruleTag(ctx)}`;
}

export function pfSnippet(ctx: RenderContext): Snippet {
  const anchor = pfAnchorName(ctx);
  const file = `/etc/pf.anchors/${anchor}`;
  const peers = [...peerIps(ctx, 4), ...peerIps(ctx, 6)].map((p) => p.host);
  const table = `collimator_peers_${ctx.port}`;
  const rules = [
    `# Collimator: only the inventory's DICOM peers may reach ${describeTarget(ctx)};`,
    `# every other source is blocked, including ${vantageName(ctx.vantage)}.`,
    ...(peers.length
      ? [`table <${table}> const { ${peers.join(', ')} }`, `pass in quick proto tcp from <${table}> to any port ${ctx.port} keep state`]
      : []),
    `block drop in quick proto tcp from any to any port ${ctx.port}`,
  ];
  const code = [
    '#!/bin/sh',
    `# Run in Terminal on ${ctx.host} (macOS); asks for your administrator password.`,
    `# 1. The rules, in an anchor file of their own:`,
    `sudo tee ${file} >/dev/null <<'${EOF}'`,
    ...rules,
    EOF,
    '# 2. Reference the anchor from /etc/pf.conf (once), check the syntax, load and enable pf:',
    `grep -q '${anchor}' /etc/pf.conf || printf '%s\\n' 'anchor "${anchor}"' 'load anchor "${anchor}" from "${file}"' | sudo tee -a /etc/pf.conf >/dev/null`,
    'sudo pfctl -n -f /etc/pf.conf && sudo pfctl -f /etc/pf.conf && sudo pfctl -E',
    `sudo pfctl -a ${anchor} -s rules`,
  ];
  return {
    id: 'macos-pf',
    title: `pf: only peers may reach port ${ctx.port}`,
    language: 'shell',
    where: `in Terminal on ${ctx.host} (macOS, packet filter pf)`,
    code: `${code.join('\n')}\n`,
    rollback: {
      title: 'Remove the Collimator pf anchor',
      language: 'shell',
      code: [
        '#!/bin/sh',
        '# Removes only what the snippet added: the anchor\'s rules, its two pf.conf lines and its file.',
        `sudo pfctl -a ${anchor} -F rules`,
        `sudo sed -i '' '/${anchor.replace(/\./g, '\\.')}/d' /etc/pf.conf`,
        `sudo rm -f ${file}`,
        'sudo pfctl -f /etc/pf.conf',
        '',
      ].join('\n'),
    },
    warnings: [...emptyPeersWarning(ctx), ...hostNamePeerWarning(ctx)],
    allowList: firewallAllowList(ctx),
  };
}

/** Windows Defender Firewall rule group name. */
export function windowsGroupName(ctx: RenderContext): string {
  return `Collimator TCP ${ctx.port}`;
}

export function windowsSnippet(ctx: RenderContext): Snippet {
  const group = windowsGroupName(ctx);
  const peers = [...peerIps(ctx, 4), ...peerIps(ctx, 6)];
  const excluded = (family: 4 | 6): bigint[] => peers.map((p) => parseIp(p.host)).filter((ip) => ip?.family === family).map((ip) => ip!.value);
  // Block rules override allow rules in Windows Defender Firewall: "block all, allow some"
  // would block the peers too. The block rule therefore names every address but theirs.
  const blockRanges = peers.length === 0 ? ['Any'] : [...complementRanges(4, excluded(4)), ...complementRanges(6, excluded(6))].map(formatRange);
  const list = (xs: readonly string[]): string => `@(${xs.map((x) => `'${x}'`).join(', ')})`;
  const common = `-Group $group -Direction Inbound -Protocol TCP -LocalPort ${ctx.port} -Profile Any`;
  const code = [
    `# Run in an elevated PowerShell on ${ctx.host}.`,
    `# Collimator: only the inventory's DICOM peers may reach ${describeTarget(ctx)};`,
    `# every other source is blocked, including ${vantageName(ctx.vantage)}.`,
    `$group = '${group}'`,
    ...(peers.length
      ? [`New-NetFirewallRule ${common} -DisplayName 'Collimator: allow TCP ${ctx.port} from inventory peers' -RemoteAddress ${list(peers.map((p) => p.host))} -Action Allow`]
      : []),
    `New-NetFirewallRule ${common} -DisplayName 'Collimator: block TCP ${ctx.port} from everyone else' -RemoteAddress ${list(blockRanges)} -Action Block`,
    'Get-NetFirewallRule -Group $group | Format-Table DisplayName, Action, Enabled',
  ];
  return {
    id: 'windows-firewall',
    title: `Windows Defender Firewall: only peers may reach port ${ctx.port}`,
    language: 'powershell',
    where: `in PowerShell run as Administrator on ${ctx.host} (Windows)`,
    code: `${code.join('\n')}\n`,
    rollback: {
      title: 'Remove the Collimator firewall rules',
      language: 'powershell',
      code: `# Removes only the rules the snippet added.\nRemove-NetFirewallRule -Group '${group}'\n`,
    },
    warnings: [...emptyPeersWarning(ctx), ...hostNamePeerWarning(ctx)],
    allowList: firewallAllowList(ctx),
  };
}

export function aclSnippet(ctx: RenderContext): Snippet {
  const peers = [...peerIps(ctx, 4), ...peerIps(ctx, 6)];
  const entries = [
    ...peers.map((p, i) => `  ${i + 1}. permit  TCP  from ${p.host}  to ${ctx.host}  port ${ctx.port}   (${p.aeTitle}, ${p.label})`),
    `  ${peers.length + 1}. deny    TCP  from any  to ${ctx.host}  port ${ctx.port}   (log it)`,
  ];
  const code = [
    `Access-list change request: DICOM service ${describeTarget(ctx)}`,
    '',
    `Why: a scan from ${vantageName(ctx.vantage)} reached this service. Only the`,
    'imaging systems listed below need it; every other source must be refused.',
    '',
    `On the firewall or router interface in front of ${ctx.host}, add these entries in this order,`,
    `above any broader rule that permits traffic to ${ctx.host}:`,
    ...entries,
    '',
    `Test: from "${ctx.vantage.label}", a connection to ${ctx.host} port ${ctx.port} must time out or be refused;`,
    'from each permitted system, DICOM echo (C-ECHO) must still work.',
  ];
  return {
    id: 'network-acl',
    title: `ACL request for the network team (port ${ctx.port})`,
    language: 'text',
    where: 'send to the team that runs the firewalls and routers in front of this server',
    code: `${code.join('\n')}\n`,
    rollback: {
      title: 'Rollback for the network team',
      language: 'text',
      code: `Rollback: remove entries 1 to ${peers.length + 1} added for ${ctx.host} port ${ctx.port}; nothing else changes.\n`,
    },
    warnings: [...emptyPeersWarning(ctx), ...hostNamePeerWarning(ctx)],
    allowList: firewallAllowList(ctx),
  };
}

/** The four network variants, ready to put in a playbook. */
export function networkVariants(intro: string): VariantDef[] {
  // One rule per platform and port, whichever finding asks for it: the same action on the checklist.
  const step = (platform: string, key: string, text: string, snippet: (ctx: RenderContext) => Snippet): VariantDef['steps'][number] => ({ key, action: `firewall/${platform}`, text, snippet });
  return [
    { id: 'linux-nftables', label: 'Linux (nftables)', kind: 'network', steps: [step('linux-nftables', 'rules', `${intro} Load these nftables rules on {host}.`, nftablesSnippet)] },
    { id: 'windows-firewall', label: 'Windows Defender Firewall', kind: 'network', steps: [step('windows-firewall', 'rules', `${intro} Add these two firewall rules on {host}.`, windowsSnippet)] },
    { id: 'macos-pf', label: 'macOS (pf)', kind: 'network', steps: [step('macos-pf', 'rules', `${intro} Load this pf anchor on {host}.`, pfSnippet)] },
    { id: 'network-acl', label: 'Network team (router / firewall ACL)', kind: 'network', steps: [step('network-acl', 'acl', `${intro} Ask the network team to apply this access list in front of {host}.`, aclSnippet)] },
  ];
}
