/**
 * Time stamps at the start of log lines, in the formats (and locales) servers write:
 * ISO-8601 with `.` or `,` before the fraction (dcm4chee-arc/WildFly, log4cplus),
 * Google-log `I1202 14:28:00.936612` (Orthanc: no year), syslog `Dec  2 14:28:00`
 * with English, German, French, Spanish or Italian month names (no year),
 * `02.12.2026 14:28:00` (German), `2026/12/02 14:28:00`. A time without a zone is
 * taken as UTC (the log does not say which zone it is in). Returns epoch ms or null.
 */

const MONTHS: Record<string, number> = {};
const NAMES: string[][] = [
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  ['jan', 'feb', 'mär', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dez'],
  ['janv', 'févr', 'mars', 'avr', 'mai', 'juin', 'juil', 'août', 'sept', 'oct', 'nov', 'déc'],
  ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
  ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'],
];
for (const list of NAMES) list.forEach((n, i) => (MONTHS[n] ??= i));
MONTHS.maerz = 2;
MONTHS.mrz = 2;
MONTHS.fév = 1;
MONTHS.fevr = 1;
MONTHS.aout = 7;
MONTHS.dec = 11;

const ISO = /^\[?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2})?/;
const GLOG = /^[IWEFD](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/;
const DOTTED = /^(\d{2})\.(\d{2})\.(\d{4})[ ,]+(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/;
const SLASHED = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/;
const SYSLOG = /^([\p{L}]{3,5})\.? {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/u;

function ms(frac: string | undefined): number {
  return frac ? Number(`0.${frac}`) * 1000 : 0;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, msec: number): number | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, s, Math.floor(msec));
  return Number.isFinite(t) ? t : null;
}

/**
 * The time of `line`, or null when it starts with none. `year` fills in formats without
 * one (Orthanc's, syslog's); `refMonth` (0-11) is the month the file was last written:
 * a later month than that belongs to the year before.
 */
export function lineTime(line: string, year: number, refMonth = 11): number | null {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    let m = ISO.exec(line);
    if (m) {
      let t = utc(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms(m[7]));
      if (t !== null && m[8] && m[8] !== 'Z') {
        const z = m[8].replace(':', '');
        const off = (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
        t += z.startsWith('+') ? -off : off;
      }
      return t;
    }
    m = DOTTED.exec(line);
    if (m) return utc(+m[3]!, +m[2]! - 1, +m[1]!, +m[4]!, +m[5]!, +m[6]!, ms(m[7]));
    m = SLASHED.exec(line);
    if (m) return utc(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms(m[7]));
    return null;
  }
  if (c === 91 /* [ */) return lineTime(line.slice(1), year, refMonth);
  let m = GLOG.exec(line);
  if (m) {
    const mo = +m[1]! - 1;
    return utc(mo > refMonth ? year - 1 : year, mo, +m[2]!, +m[3]!, +m[4]!, +m[5]!, ms(m[6]));
  }
  m = SYSLOG.exec(line);
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    if (mo === undefined) return null;
    return utc(mo > refMonth ? year - 1 : year, mo, +m[2]!, +m[3]!, +m[4]!, +m[5]!, 0);
  }
  return null;
}
