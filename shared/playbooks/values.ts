/**
 * The values snippets are filled with, validated before any snippet sees them. The
 * rule is allow-listing, not escaping: an AE title, host or label that could break out
 * of a JSON string, a shell here-document, a PowerShell string, a pf/nft rule or an
 * LDIF line never reaches a snippet. A value outside the safe set is left out with a
 * warning the admin sees, so a hostile inventory row cannot inject a command.
 */
import type { InventoryNode, Product, ServiceResult, Vantage } from '../types';
import { serverKey } from '../host';
import { canonicalIp } from './ip';
import type { PeerNode, RenderContext } from './types';
import type { ConfirmedPeer } from '../peers';

/** Thrown when the server itself cannot be named safely (its host or port is not valid). */
export class PlaybookValueError extends Error {
  override readonly name = 'PlaybookValueError';
}

/**
 * AE titles the snippets accept: letters, digits, `_`, `.`, `-`, 1-16 characters. Stricter
 * than DICOM (which allows spaces and most punctuation) because the titles go into
 * dcmqrscp's configuration, LDIF and shell text; a title outside it is left for the
 * admin to add by hand.
 */
const SAFE_AE = /^[A-Za-z0-9_.-]{1,16}$/;

/** A DNS name: labels of letters, digits and hyphens, dot-separated, at most 253 characters. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function isSafeAeTitle(ae: string): boolean {
  return SAFE_AE.test(ae);
}

/** A host as snippets may use it (canonical IP literal or host name), or undefined. */
export function safeHost(host: string): { host: string; isIp: boolean } | undefined {
  const ip = canonicalIp(host);
  if (ip !== undefined) return { host: ip, isIp: true };
  return HOST_NAME.test(host) ? { host: host.toLowerCase().replace(/\.$/, ''), isIp: false } : undefined;
}

export function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/**
 * Free text (a vantage label, a role, a description) made safe for a comment in any
 * snippet language: only letters, digits, spaces and `_ . , : / ( ) @ + -` survive
 * (anything else becomes `_`), one line, at most `max` characters.
 */
export function commentText(text: string, max = 60): string {
  const cleaned = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[^A-Za-z0-9 _.,:/()@+-]/g, '_');
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}_` : cleaned;
}

/** The inventory row that names this server (same host and port), if any. */
function ownRow(inventory: readonly InventoryNode[], host: string, port: number): InventoryNode | undefined {
  return inventory.find((n) => n.port === port && (safeHost(n.host)?.host ?? n.host) === host);
}

export interface ContextInput {
  service: Pick<ServiceResult, 'host' | 'port' | 'protocol' | 'product' | 'calledAe' | 'calledAeSource'>;
  inventory: readonly InventoryNode[];
  vantage: Vantage;
  /** Issue 14: peers learned from the server's logs; those the inventory does not list join the allow-lists. */
  learned?: readonly ConfirmedPeer[];
}

/** DICOM's registered port: assumed for a learned peer, whose listening port no log tells. */
const LEARNED_PEER_PORT = 104;

/**
 * Validate everything a snippet may use. Throws PlaybookValueError only when the
 * server's own host or port is unusable; bad peers are left out with a warning.
 */
export function buildContext(input: ContextInput): RenderContext {
  const { service } = input;
  const h = safeHost(service.host);
  if (!h) throw new PlaybookValueError(`cannot write snippets for host ${JSON.stringify(service.host.slice(0, 80))}: not an IP address or host name`);
  if (!isPort(service.port)) throw new PlaybookValueError(`cannot write snippets for port ${String(service.port)}: not a TCP port`);
  const warnings: string[] = [];

  const own = ownRow(input.inventory, h.host, service.port);
  let aeTitle: string | undefined;
  const known = own?.aeTitle ?? (service.calledAeSource === 'user' || service.calledAeSource === 'inventory' ? service.calledAe : undefined);
  if (known !== undefined) {
    const t = known.trim();
    if (isSafeAeTitle(t)) aeTitle = t;
    else warnings.push(`this server's AE title ${JSON.stringify(t)} has characters the snippets will not write; fill it in by hand`);
  } else {
    warnings.push("this server's own AE title is not known (add it to the inventory): snippets keep its current title");
  }

  const peers: PeerNode[] = [];
  const seen = new Set<string>();
  input.inventory.forEach((n, i) => {
    if (n === own) return;
    const where = `inventory node ${i + 1}`;
    const ae = n.aeTitle.trim();
    const ph = safeHost(n.host);
    if (!isSafeAeTitle(ae)) {
      warnings.push(`${where} left out: AE title ${JSON.stringify(ae.slice(0, 20))} has characters the snippets will not write (letters, digits, _ . - only); add it by hand`);
      return;
    }
    if (!ph) {
      warnings.push(`${where} (${ae}) left out: host ${JSON.stringify(n.host.slice(0, 40))} is not an IP address or host name`);
      return;
    }
    if (!isPort(n.port)) {
      warnings.push(`${where} (${ae}) left out: port ${String(n.port)} is not a TCP port`);
      return;
    }
    const key = `${ae}@${ph.host}:${n.port}`;
    if (seen.has(key)) return;
    seen.add(key);
    peers.push({
      aeTitle: ae,
      host: ph.host,
      isIp: ph.isIp,
      port: n.port,
      role: commentText(n.role, 30),
      label: commentText([n.role, n.description].filter((x) => x.trim() !== '').join(': ') || 'peer', 60),
    });
  });
  const learnedLeftOut: string[] = [];
  const assumedPort: string[] = [];
  for (const l of input.learned ?? []) {
    const ae = l.callingAe.trim();
    const ph = l.address === null ? undefined : safeHost(l.address);
    if (!isSafeAeTitle(ae) || ph === undefined) {
      learnedLeftOut.push(`${JSON.stringify(ae.slice(0, 20))}${l.address === null ? '' : ` (${JSON.stringify(l.address.slice(0, 40))})`}`);
      continue;
    }
    if (peers.some((p) => p.aeTitle === ae && p.host === ph.host)) continue;
    const key = `${ae}@${ph.host}:${LEARNED_PEER_PORT}`;
    if (seen.has(key)) continue;
    seen.add(key);
    assumedPort.push(ae);
    peers.push({ aeTitle: ae, host: ph.host, isIp: ph.isIp, port: LEARNED_PEER_PORT, role: 'learned peer', label: 'learned from the server log', source: 'learned' });
  }
  if (learnedLeftOut.length > 0) warnings.push(`learned peers left out (an AE title or address the snippets will not write; add them by hand): ${learnedLeftOut.join(', ')}`);
  if (assumedPort.length > 0) warnings.push(`learned peers ${assumedPort.join(', ')}: their own DICOM port is not known, ${LEARNED_PEER_PORT} is written; correct it where they receive C-MOVE`);
  if (peers.length === 0) warnings.push('the inventory lists no peers for this server: the allow-lists below admit nobody; import the inventory first');

  return {
    host: h.host,
    port: service.port,
    hostIsIp: h.isIp,
    ...(service.protocol ? { protocol: service.protocol } : {}),
    ...(service.product ? { product: safeProduct(service.product) } : {}),
    ...(aeTitle !== undefined ? { aeTitle } : {}),
    peers,
    vantage: { label: commentText(input.vantage.label) || 'scan vantage', untrusted: input.vantage.untrusted },
    warnings,
  };
}

function safeProduct(p: Product): Product {
  return { name: commentText(p.name, 40), ...(p.version !== undefined ? { version: commentText(p.version, 30) } : {}) };
}

/** Fill `{host}`, `{port}`, `{endpoint}`, `{ae}`, `{vantage}`, `{peers}` in step text. */
export function fillText(text: string, ctx: RenderContext): string {
  const endpoint = serverKey(ctx);
  const peers = ctx.peers.length === 0 ? 'no peers (the inventory lists none)' : ctx.peers.map((p) => `${p.aeTitle} (${p.host})`).join(', ');
  const values: Record<string, string> = {
    host: ctx.host,
    port: String(ctx.port),
    endpoint,
    ae: ctx.aeTitle ?? "this server's AE title",
    vantage: ctx.vantage.label,
    peers,
  };
  return text.replace(/\{(host|port|endpoint|ae|vantage|peers)\}/g, (_m, k: string) => values[k] ?? '');
}

/** IP-literal peers of one family (for firewall rules). */
export function peerIps(ctx: RenderContext, family: 4 | 6): PeerNode[] {
  return ctx.peers.filter((p) => p.isIp && (family === 6) === p.host.includes(':'));
}

/** Warning when some peers are host names (firewall rules need addresses). */
export function hostNamePeerWarning(ctx: RenderContext): string[] {
  const named = ctx.peers.filter((p) => !p.isIp);
  return named.length === 0
    ? []
    : [`peers given by host name are not in these rules (firewalls need addresses): ${named.map((p) => `${p.aeTitle} (${p.host})`).join(', ')}; put their addresses in the inventory`];
}

/** A short product-neutral tag for names of rules and tables: `tcp_11112`. */
export function ruleTag(ctx: RenderContext): string {
  return `tcp_${ctx.port}`;
}
