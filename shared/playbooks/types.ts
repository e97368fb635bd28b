/**
 * The shape of a playbook (issue 5): per check id, why it matters, the steps, and the
 * variants where the fix differs by product or is made in the network. Definitions are
 * data plus pure render functions of a validated RenderContext; rendering fills in
 * this server's real values. No Node imports here: the renderer uses these too.
 */
import type { AttackTechniqueId, CheckId, CheckStatus, ManualCheckId, Protocol, Severity } from '../catalog';
import type { Product, Vantage } from '../types';
import type { ServerRef } from '../remediation';
import type { AllowList, ConfirmedPeer, StepPeers } from '../peers';

/** How a snippet's text is to be read (syntax highlighting, and what it is pasted into). */
export type SnippetLanguage = 'json' | 'powershell' | 'shell' | 'text' | 'dcmtk-cfg' | 'ldif' | 'nginx' | 'ini';

/** Text to copy, and how to undo it. */
export interface SnippetCode {
  title: string;
  language: SnippetLanguage;
  code: string;
}

/** A configuration or command snippet filled with this server's values. Every snippet has a rollback. */
export interface Snippet extends SnippetCode {
  /** Stable id, e.g. `orthanc-access`; the same id means the same change (a screen may show it once). */
  id: string;
  /** Where and how it is applied, in one line. */
  where: string;
  /** The snippet that undoes it. */
  rollback: SnippetCode;
  /** What the admin must check or fill in by hand (values left out, placeholders); empty when complete. */
  warnings: string[];
  /** Issue 14: whom this snippet's allow-list lets in (absent on snippets that allow-list nobody). */
  allowList?: AllowList;
}

/** A peer from the inventory that the snippets may name. */
export interface PeerNode {
  aeTitle: string;
  /** Canonical IP literal, or a host name (validated). */
  host: string;
  /** True when `host` is an IP literal (firewall rules take addresses only). */
  isIp: boolean;
  port: number;
  role: string;
  /** Role and description, sanitised for comments. */
  label: string;
  /** Issue 14: where the peer comes from (absent: the inventory); a learned peer's port is not known (`port` is 104 then). */
  source?: ConfirmedPeer['source'];
}

/**
 * Everything a snippet may use, already validated: a value that reaches a snippet
 * cannot break out of its quoting (see values.ts).
 */
export interface RenderContext {
  /** The server, as scanned (literal address or validated host name). */
  host: string;
  port: number;
  /** True when host is an IP literal. */
  hostIsIp: boolean;
  protocol?: Protocol;
  product?: Product;
  /** The server's own AE title when known from the inventory or the user (never a guess). */
  aeTitle?: string;
  /** The inventory's other nodes: the legitimate peers, with safe values. */
  peers: PeerNode[];
  /** Where the scan ran from; `label` sanitised for comments. */
  vantage: Vantage;
  /** Value problems found while building the context (peers left out, AE unknown). */
  warnings: string[];
}

/** Identifies a variant of a fix. */
export type VariantId =
  | 'orthanc'
  | 'dcmqrscp'
  | 'dcm4chee'
  | 'generic'
  | 'nginx'
  | 'windows-firewall'
  | 'macos-pf'
  | 'linux-nftables'
  | 'network-acl';

/** One step: words, optionally with a snippet. */
export interface StepDef {
  /** Unique within its playbook or variant; part of the persisted step id, never changed once shipped. */
  key: string;
  /**
   * The real action this step is (issue 17), when more than one finding asks for it: steps
   * with the same action are ONE step of a server's checklist, ticked once, listing every
   * finding it addresses. Its persisted id is then `action/<action>` (never changed once
   * shipped); a step without one keeps `<checkId>/<key>` or `<checkId>/<variant>/<key>`.
   */
  action?: string;
  /** The instruction; `{host}`, `{port}`, `{endpoint}`, `{ae}`, `{vantage}`, `{peers}` are filled in. */
  text: string;
  snippet?: (ctx: RenderContext) => Snippet;
}

/** A way to fix the weakness on one product or in the network. */
export interface VariantDef {
  id: VariantId;
  /** e.g. `Orthanc`, `Linux (nftables)`. */
  label: string;
  kind: 'vendor' | 'network';
  /** True when this variant fits what the scan saw (product name). */
  likely?: (ctx: RenderContext) => boolean;
  steps: readonly StepDef[];
}

/** The playbook of one check. */
export interface Playbook {
  checkId: CheckId;
  /** Why it matters, in an imaging admin's words. */
  why: string;
  /** Steps common to every variant, done first. */
  steps: readonly StepDef[];
  variants: readonly VariantDef[];
  /** How to confirm the fix (before pressing Verify). */
  confirm: string;
}

/** A manual control the operator attests to (checks.md "Manual attestations"). */
export interface AttestationDef {
  id: ManualCheckId;
  title: string;
  why: string;
  attack: AttackTechniqueId[];
  /** What to check before attesting. */
  how: string;
}

// ---- rendered (what the IPC returns) --------------------------------------------------

export interface RenderedStep {
  /** Persisted id: `action/<action>` for a shared action, else `<checkId>/<key>` or `<checkId>/<variant>/<key>`. */
  id: string;
  text: string;
  snippet?: Snippet;
  /** Issue 14: which confirmed peers the snippet's allow-list keeps and which it would cut off. */
  peers?: StepPeers;
  /**
   * A shared action's ids from before issue 17 (`<checkId>/<key>`, `<checkId>/<variant>/<key>`),
   * one per finding that asks for it here: a saved tick of any of them still counts (the
   * latest change of the step or its aliases is its state). Absent for a step of its own.
   */
  aliases?: string[];
}

export interface RenderedVariant {
  id: VariantId;
  label: string;
  kind: 'vendor' | 'network';
  /** Fits the product the scan saw. */
  likely: boolean;
  steps: RenderedStep[];
}

export interface RenderedPlaybook {
  checkId: CheckId;
  title: string;
  severity: Severity;
  /** This server's status of the check in the scan the checklist is built from. */
  status: CheckStatus;
  /** The scan's one-line finding. */
  finding: string;
  why: string;
  attack: Array<{ id: AttackTechniqueId; name: string }>;
  steps: RenderedStep[];
  variants: RenderedVariant[];
  confirm: string;
}

/** The checklist of one server: a playbook per finding, and the manual attestations. */
export interface RenderedChecklist {
  server: ServerRef;
  protocol?: Protocol;
  product?: Product;
  aeTitle?: string;
  vantage: Vantage;
  /** Peers the snippets allow (from the inventory). */
  peers: PeerNode[];
  /** Issue 14: every confirmed peer the steps were compared with (inventory and learned). */
  confirmedPeers?: ConfirmedPeer[];
  playbooks: RenderedPlaybook[];
  attestations: AttestationDef[];
  /** Every step id of the checklist, in order (playbook steps, then variant steps), each once. */
  stepIds: string[];
  warnings: string[];
  /** MITRE's copyright notice, to show with the technique names. */
  attackNotice: string;
}
