/**
 * The ATT&CK Navigator layer file format, version 4.5, as a zod schema: written from
 * MITRE's specification, attack-navigator `layers/LAYERFORMATv4_5.md`
 * (https://github.com/mitre-attack/attack-navigator/blob/master/layers/LAYERFORMATv4_5.md).
 * Every property of its tables is here with its type, whether it is required, and the
 * values it allows; objects are strict, so a property the format does not define (a
 * typo, a field of another version) fails too.
 */
import { z } from 'zod';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a hexadecimal RGB colour (#rrggbb)');

/** "Must be at least 4.9.0" (Version object, `navigator`). */
function atLeast490(v: string): boolean {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return false;
  const [maj, min, pat] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  return maj > 4 || (maj === 4 && (min > 9 || (min === 9 && pat >= 0)));
}

/** Version object: attack (no), navigator (yes, >= 4.9.0), layer (yes, "4.5"). */
const versionObject = z.strictObject({
  attack: z.string().optional(),
  navigator: z.string().refine(atLeast490, 'navigator must be at least "4.9.0"'),
  layer: z.literal('4.5'),
});

/** Filter object: platforms, the valid values per domain. */
const ENTERPRISE_PLATFORMS = ['PRE', 'Windows', 'Linux', 'macOS', 'Network', 'AWS', 'GCP', 'Azure', 'Azure AD', 'Office 365', 'SaaS'] as const;
const filterObject = z.strictObject({ platforms: z.array(z.enum(ENTERPRISE_PLATFORMS)).optional() });

/** Metadata object (name, value: both required strings) or Divider object (divider: required boolean). */
const metadataOrDivider = z.union([z.strictObject({ name: z.string(), value: z.string() }), z.strictObject({ divider: z.boolean() })]);
/** Link object (label, url with a protocol prefix) or Divider object. */
const linkOrDivider = z.union([z.strictObject({ label: z.string(), url: z.string().regex(/^[a-z][a-z0-9+.-]*:\/\//i, 'URLs must be prefixed with a protocol identifier') }), z.strictObject({ divider: z.boolean() })]);

/** Technique object: techniqueID "T####" or "T####.###" required; the rest optional. */
const techniqueObject = z.strictObject({
  techniqueID: z.string().regex(/^T\d{4}(\.\d{3})?$/),
  tactic: z.string().regex(/^[a-z]+(-[a-z]+)*$/).optional(),
  comment: z.string().optional(),
  enabled: z.boolean().optional(),
  score: z.number().optional(),
  color: z.string().optional(),
  metadata: z.array(metadataOrDivider).optional(),
  links: z.array(linkOrDivider).optional(),
  showSubtechniques: z.boolean().optional(),
});

/** Gradient object: colors (at least two), minValue, maxValue (> minValue); all required. */
const gradientObject = z
  .strictObject({ colors: z.array(hexColor).min(2), minValue: z.number(), maxValue: z.number() })
  .refine((g) => g.maxValue > g.minValue, 'maxValue must be > minValue');

/** LegendItem object: label and color, both required. */
const legendItemObject = z.strictObject({ label: z.string(), color: z.string() });

/** Layout object: every field optional, with its allowed values. */
const layoutObject = z.strictObject({
  layout: z.enum(['side', 'flat', 'mini']).optional(),
  showID: z.boolean().optional(),
  showName: z.boolean().optional(),
  showAggregateScores: z.boolean().optional(),
  countUnscored: z.boolean().optional(),
  aggregateFunction: z.enum(['average', 'min', 'max', 'sum']).optional(),
  expandedSubtechniques: z.enum(['none', 'all', 'annotated']).optional(),
});

/** The layer: name and domain required; everything else optional. */
export const navigatorLayer45 = z.strictObject({
  versions: versionObject.optional(),
  name: z.string(),
  description: z.string().optional(),
  domain: z.enum(['enterprise-attack', 'mobile-attack', 'ics-attack']),
  customDataURL: z.string().optional(),
  filters: filterObject.optional(),
  sorting: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  layout: layoutObject.optional(),
  hideDisabled: z.boolean().optional(),
  techniques: z.array(techniqueObject).optional(),
  gradient: gradientObject.optional(),
  legendItems: z.array(legendItemObject).optional(),
  showTacticRowBackground: z.boolean().optional(),
  tacticRowBackground: z.string().optional(),
  selectTechniquesAcrossTactics: z.boolean().optional(),
  selectSubtechniquesWithParent: z.boolean().optional(),
  selectVisibleTechniques: z.boolean().optional(),
  metadata: z.array(metadataOrDivider).optional(),
  links: z.array(linkOrDivider).optional(),
});
