/**
 * The report's print stylesheet (A4). It sits in the page's one <style> element, and the
 * page's CSP allows exactly this text by its SHA-256 (REPORT_CSS_SOURCE): no other
 * style, inline or injected, applies, and the report loads nothing.
 *
 * Text from records may be anything (10 kB without a space, a right-to-left override):
 * every line may break anywhere it must (overflow-wrap: anywhere), nothing is absolutely
 * placed over text, and free text is isolated (<bdi>) so it cannot reorder its
 * surroundings. Only short text of our own making is `nowrap` (an ISO date, a pill).
 */
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: 'DejaVu Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; font-size: 8.6pt; line-height: 1.4; color: #1d2330; margin: 0; overflow-wrap: anywhere; }
bdi { unicode-bidi: isolate; }
.banner { border: 1.5pt solid; border-radius: 4pt; padding: 7pt 10pt; margin: 0 0 10pt; break-inside: avoid; font-size: 9.5pt; }
.banner-headline { font-size: 12pt; font-weight: 700; letter-spacing: 0.02em; }
.banner-bad { background: #b42318; border-color: #7a0916; color: #fff; }
.banner-warn { background: #fef0c7; border-color: #f5b301; color: #1d2330; }
.banner-good { background: #ecfdf3; border-color: #067647; color: #054f31; }
.page-break { break-before: page; }
.band { background: #12284a; color: #fff; padding: 10pt 14pt 11pt; border-radius: 4pt; margin-bottom: 10pt; }
.band-top { display: flex; justify-content: space-between; font-size: 7.5pt; letter-spacing: 0.08em; text-transform: uppercase; color: #b9c7de; }
.brand { font-weight: 700; color: #fff; letter-spacing: 0.18em; }
.band h1 { font-size: 19pt; margin: 5pt 0 1pt; font-weight: 700; letter-spacing: 0.01em; }
.band-sub { color: #d5deec; font-size: 9pt; }
.band-status { margin-top: 5pt; }
.band .pill { font-size: 8.5pt; padding: 2.5pt 8pt; }
h2 { font-size: 11pt; color: #12284a; border-bottom: 1.2pt solid #12284a; padding-bottom: 2pt; margin: 14pt 0 6pt; break-after: avoid; }
h3 { font-size: 9.5pt; margin: 10pt 0 3pt; break-after: avoid; }
p { margin: 3pt 0; }
.lead { font-size: 9.5pt; }
.muted { color: #667085; }
.mono { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 7.8pt; }
.hash { word-break: break-all; }
.keep { break-inside: avoid; }
.nowrap { white-space: nowrap; }
.kv { break-inside: avoid; }
.cards { display: flex; gap: 6pt; margin: 8pt 0; }
.card { flex: 1; border: 0.8pt solid #d0d7e2; border-radius: 4pt; padding: 6pt 8pt; background: #f6f8fb; display: flex; gap: 6pt; align-items: center; }
.card .num { font-size: 16pt; font-weight: 700; color: #12284a; min-width: 18pt; text-align: center; }
table { border-collapse: collapse; width: 100%; }
.kv th { text-align: left; width: 30%; color: #475467; font-weight: 600; padding: 2.5pt 6pt 2.5pt 0; vertical-align: top; }
.kv td { padding: 2.5pt 0; vertical-align: top; }
.kv tr + tr th, .kv tr + tr td { border-top: 0.5pt solid #e4e8ef; }
.grid { margin: 4pt 0 6pt; table-layout: fixed; }
.w-5 { width: 5%; } .w-10 { width: 10%; } .w-12 { width: 12%; } .w-13 { width: 13%; } .w-14 { width: 14%; } .w-15 { width: 15%; } .w-20 { width: 20%; }
.w-25 { width: 25%; } .w-28 { width: 28%; } .w-32 { width: 32%; } .w-34 { width: 34%; } .w-40 { width: 40%; } .w-80 { width: 80%; }
.grid th { background: #eef2f7; text-align: left; font-weight: 600; color: #344054; padding: 3pt 5pt; border-bottom: 0.8pt solid #c6cfdb; font-size: 8pt; }
.grid td { padding: 3pt 5pt; border-bottom: 0.5pt solid #e4e8ef; vertical-align: top; }
.grid tr { break-inside: avoid; }
.grid.small td, .grid.small th { font-size: 7.6pt; padding: 2pt 4pt; }
.sigs .fp { font-size: 7.4pt; }
.pill { display: inline-block; border-radius: 8pt; padding: 1pt 6pt; font-size: 7.4pt; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; white-space: nowrap; vertical-align: middle; }
.sev-critical { background: #7a0916; color: #fff; }
.sev-high { background: #c4320a; color: #fff; }
.sev-medium { background: #f0a000; color: #1d2330; }
.sev-low { background: #d9e4f5; color: #1d3a6b; }
.sev-info { background: #e4e7ec; color: #344054; }
.v-fixed, .good { background: #067647; color: #fff; }
.v-still-failing, .v-regressed, .bad { background: #b42318; color: #fff; }
.v-inconclusive, .warn { background: #f5b301; color: #1d2330; }
.v-still-passing { background: #d0d5dd; color: #1d2330; }
.finding { border: 0.8pt solid #d0d7e2; border-left: 3pt solid #12284a; border-radius: 3pt; padding: 5pt 8pt; margin: 6pt 0; break-inside: avoid; }
.finding h3 { margin: 0 0 2pt; }
.attack { font-size: 8pt; }
.tech { display: inline-block; background: #f2f4f7; border: 0.5pt solid #d0d5dd; border-radius: 3pt; padding: 0 4pt; margin: 1pt 2pt 1pt 0; }
.ev-pair { display: flex; gap: 6pt; margin-top: 4pt; }
.ev { flex: 1; min-width: 0; }
.ev-label { font-weight: 700; font-size: 7.6pt; text-transform: uppercase; letter-spacing: 0.05em; color: #475467; }
pre { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 6.8pt; background: #f8f9fb; border: 0.5pt solid #e4e8ef; border-radius: 2pt; padding: 4pt; margin: 2pt 0 0; white-space: pre-wrap; word-break: break-all; }
.alert { border: 1pt solid #b42318; background: #fef3f2; padding: 5pt 8pt; border-radius: 3pt; margin: 6pt 0; }
.notice { margin-top: 16pt; border-top: 0.8pt solid #d0d7e2; padding-top: 5pt; font-size: 7pt; color: #475467; }
`;

/** The CSP source that allows REPORT_CSS and nothing else: `'sha256-…'` of its exact text. */
export const REPORT_CSS_SOURCE = `'sha256-${createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64')}'`;
