/**
 * What DefectDojo's Generic Findings Import accepts in a JSON finding, as a zod schema:
 * written from its parser, DefectDojo/django-DefectDojo `dojo/tools/generic/json_parser.py`
 * (required keys title, severity, description; an item with any key outside its allowed
 * set is refused; `date` and `mitigated` are parsed as dates whenever present), the
 * `Finding` model's field types and lengths (`dojo/finding` models: title 511, service
 * 200, unique_id_from_tool / vuln_id_from_tool 500), the documented severities
 * (Info, Low, Medium, High, Critical; docs "Generic Findings Import") and `Endpoint`'s
 * dict form (protocol, host, port).
 */
import { z } from 'zod';

/** json_parser.py's `allowed` set plus `required` (endpoints, files, tags, vulnerability_ids and cwes are taken out before the check). */
export const DEFECTDOJO_ALLOWED_KEYS = [
  'date', 'cwe', 'cve', 'epss_score', 'epss_percentile', 'cvssv3', 'cvssv3_score', 'cvssv4', 'cvssv4_score', 'mitigation', 'impact',
  'steps_to_reproduce', 'severity_justification', 'references', 'active', 'verified', 'false_p', 'out_of_scope', 'risk_accepted',
  'under_review', 'is_mitigated', 'thread_id', 'mitigated', 'numerical_severity', 'param', 'payload', 'line', 'file_path',
  'component_name', 'component_version', 'static_finding', 'dynamic_finding', 'scanner_confidence', 'unique_id_from_tool',
  'vuln_id_from_tool', 'sast_source_object', 'sast_sink_object', 'sast_source_line', 'sast_source_file_path', 'nb_occurences',
  'publish_date', 'service', 'planned_remediation_date', 'planned_remediation_version', 'effort_for_fixing', 'tags', 'kev_date',
  'known_exploited', 'ransomware_used', 'fix_available', 'fix_version',
  'title', 'severity', 'description',
  'endpoints', 'files', 'vulnerability_ids', 'cwes',
] as const;

const isoDateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'a date dateutil can parse');

const endpoint = z.strictObject({
  protocol: z.string().regex(/^[A-Za-z][A-Za-z0-9.+-]+$/).optional(),
  host: z.string().min(1),
  port: z.int().min(1).max(65535),
});

export const defectDojoFinding = z
  .looseObject({
    title: z.string().min(1).max(511),
    severity: z.enum(['Info', 'Low', 'Medium', 'High', 'Critical']),
    description: z.string().min(1),
    mitigation: z.string().optional(),
    steps_to_reproduce: z.string().optional(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    unique_id_from_tool: z.string().max(500).optional(),
    vuln_id_from_tool: z.string().max(500).optional(),
    service: z.string().max(200).optional(),
    endpoints: z.array(z.union([z.string(), endpoint])).optional(),
    references: z.string().optional(),
    active: z.boolean().optional(),
    verified: z.boolean().optional(),
    is_mitigated: z.boolean().optional(),
    mitigated: isoDateTime.optional(),
    dynamic_finding: z.boolean().optional(),
    static_finding: z.boolean().optional(),
    tags: z.array(z.string()).optional(),
  })
  .superRefine((f, ctx) => {
    const extra = Object.keys(f).filter((k) => !(DEFECTDOJO_ALLOWED_KEYS as readonly string[]).includes(k));
    if (extra.length > 0) ctx.addIssue({ code: 'custom', message: `Not allowed fields are present: ${extra.join(', ')}` });
  });

/** The file: the test's name/type/version/description/tool flags and the findings. */
export const defectDojoFile = z.object({
  name: z.string().optional(),
  type: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  static_tool: z.boolean().optional(),
  dynamic_tool: z.boolean().optional(),
  soc: z.boolean().optional(),
  findings: z.array(z.unknown()),
});
