/**
 * Exports for other tools (issue 13, "Export"): a MITRE ATT&CK Navigator layer and a
 * DefectDojo Generic Findings Import file, built from the store by electron/exports/
 * for `collimator export` and the app's `exports:*` channels. Pure types (JSON-safe):
 * the renderer saves the file, the tests read it back.
 */

/** Formats the app and the CLI write today (`csv`, the reconcile table, is the CLI's alone). */
export const EXPORT_FORMATS = ['navigator', 'defectdojo'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What to export: every server as its newest observations show it (default), or one scan as it stood then. */
export interface ExportRequest {
  /** A stored scan's id: only its servers, judged by what was known up to it and its own re-checks. */
  scanId?: string;
}

/** The file, for the renderer to save (UTF-8 text). */
export interface ExportFile {
  fileName: string;
  mediaType: 'application/json';
  text: string;
  /** Servers the export covers. */
  servers: number;
  /** Open findings (low and above) in it. */
  open: number;
  /** Findings fixed and seen fixed (DefectDojo: exported mitigated). */
  fixed: number;
}

// ---- ATT&CK Navigator layer, format 4.5 (attack-navigator layers/LAYERFORMATv4_5.md) ----

export interface NavigatorMetadata {
  name: string;
  value: string;
}

export interface NavigatorTechnique {
  techniqueID: string;
  /** Open findings that map to the technique (0: checked, nothing open). */
  score: number;
  /** The highest severity among those findings, as the legend colours it. */
  color: string;
  comment: string;
  metadata: NavigatorMetadata[];
}

export interface NavigatorLayer {
  name: string;
  versions: { layer: '4.5'; navigator: string; attack: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: number;
  layout: { layout: 'side'; showID: boolean; showName: boolean; expandedSubtechniques: 'annotated' };
  hideDisabled: boolean;
  techniques: NavigatorTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: Array<{ label: string; color: string }>;
  metadata: NavigatorMetadata[];
}

// ---- DefectDojo Generic Findings Import (dojo/tools/generic/json_parser.py) ----

export type DefectDojoSeverity = 'Info' | 'Low' | 'Medium' | 'High' | 'Critical';

/** An endpoint in the dict form DefectDojo's Endpoint takes (host without brackets). */
export interface DefectDojoEndpoint {
  protocol?: 'http' | 'https';
  host: string;
  port: number;
}

export interface DefectDojoFinding {
  title: string;
  severity: DefectDojoSeverity;
  description: string;
  mitigation: string;
  /** When and from where it was seen, and the evidence (kept out of `description`, so that stays the same from scan to scan). */
  steps_to_reproduce: string;
  /** YYYY-MM-DD: when the current run of failing observations began. */
  date: string;
  /** `<check id>@<host:port>` (`dicom.query-open@[::1]:104`): the same finding in every export. */
  unique_id_from_tool: string;
  /** The check id: the kind of finding. */
  vuln_id_from_tool: string;
  /** `host:port`: DefectDojo's endpoint deduplication ignores ports, its hash of `service` does not. */
  service: string;
  endpoints: DefectDojoEndpoint[];
  references: string;
  active: boolean;
  /** A Collimator re-check (`collimator verify`, the app's Verify) made the observation that decided the status. */
  verified: boolean;
  is_mitigated: boolean;
  /** ISO-8601 UTC of the observation that found it fixed; absent while open (DefectDojo parses any value present). */
  mitigated?: string;
  dynamic_finding: true;
  static_finding: false;
  tags: string[];
}

export interface DefectDojoReport {
  name: string;
  type: string;
  version: string;
  description: string;
  dynamic_tool: true;
  static_tool: false;
  findings: DefectDojoFinding[];
}
