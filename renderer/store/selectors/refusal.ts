/**
 * A refused scan in plain words: the engine's one-line reason (the CLI's wording, kept
 * as it is there) rewritten for the screen, numbers with thousands separators, system
 * codes (ENOTFOUND) turned into words, and only the hint that fits this refusal, naming
 * the control it refers to exactly as the form labels it.
 */
import { sentence } from '../../components/format';

/** The form's labels the hints point at (ScopeFormPanel.tsx), in one place. */
export const LARGE_SCOPE_LABEL = 'Scan a scope larger than usual';

/** Public targets are confirmed by the person outside the page (electron/services/public-scope.ts), never by a form field. */
const PUBLIC_HINT =
  'Scan only public addresses you are authorised to test. If you are, start the scan again and confirm it in the dialog Collimator shows (in the browser preview: type the code printed in the terminal running npm run dev:web).';

export interface PlainRefusal {
  text: string;
  hint: string | null;
}

const fmt = new Intl.NumberFormat('en-US');

/** 16777216 → 16,777,216; a port number ("port 11112", ":11112") and short numbers are left alone. */
export function withSeparators(s: string): string {
  return s.replace(/(?<!port |:)\b\d{5,}\b/gi, (n) => fmt.format(Number(n)));
}

/** What the resolver's error codes mean, for a host name. */
const DNS_WORDS: Record<string, string> = {
  ENOTFOUND: 'no such name is known to the name servers (DNS)',
  EAI_AGAIN: 'the name servers (DNS) did not answer; try again in a moment',
  ENODATA: 'the name has no address record in DNS',
  ESERVFAIL: 'the name servers (DNS) failed to answer',
  ECONNREFUSED: 'the name servers (DNS) refused the query',
  ETIMEOUT: 'the name servers (DNS) did not answer in time',
};

export function plainRefusal(message: string): PlainRefusal {
  const m = message.trim();
  let r: RegExpMatchArray | null;

  if ((r = m.match(/^scope of (\d+) addresses is larger than a \/16 \((\d+)\); allow large scopes to scan it$/))) {
    return {
      text: `The scope covers ${withSeparators(r[1] ?? '')} addresses, more than the usual limit of ${withSeparators(r[2] ?? '')} (a /16).`,
      hint: `If you meant a range this large, tick “${LARGE_SCOPE_LABEL}” under More options; otherwise narrow the targets.`,
    };
  }
  if ((r = m.match(/^scope of (\d+) addresses exceeds the hard limit of (\d+) \(a \/8\); split it into smaller scans$/))) {
    return {
      text: `The scope covers ${withSeparators(r[1] ?? '')} addresses, more than Collimator ever scans at once (${withSeparators(r[2] ?? '')}, a /8).`,
      hint: 'Split it into smaller scans.',
    };
  }
  if ((r = m.match(/^scanning public addresses \((.*)\) was not confirmed: nothing was sent$/))) {
    return { text: `Scanning the public addresses ${r[1] ?? ''} was not confirmed, so nothing was sent.`, hint: PUBLIC_HINT };
  }
  if ((r = m.match(/^(.*); allow public addresses to scan it$/))) {
    return { text: sentence(withSeparators(r[1] ?? '')), hint: PUBLIC_HINT };
  }
  if ((r = m.match(/^host name "([^"]*)" does not resolve(?: \((\w+)\))?$/))) {
    const why = r[2] ? (DNS_WORDS[r[2]] ?? `the lookup failed (${r[2]})`) : 'no address was found for it';
    return { text: `The host name “${r[1]}” could not be found: ${why}.`, hint: 'Check its spelling, or enter the server’s address instead.' };
  }
  if ((r = m.match(/^host name "([^"]*)" did not resolve within (\d+) s$/))) {
    return { text: `The host name “${r[1]}” could not be looked up: the name servers (DNS) did not answer within ${r[2]} seconds.`, hint: 'Try again, or enter the server’s address instead.' };
  }
  if ((r = m.match(/^host name "([^"]*)" resolves to no address$/))) {
    return { text: `The host name “${r[1]}” has no address.`, hint: 'Check its spelling, or enter the server’s address instead.' };
  }
  if ((r = m.match(/^bad target "([^"]*)": (.*)$/))) {
    const token = r[1] ?? '';
    const spaced = /\s/.test(token.trim());
    return {
      text: `“${token}” is not a target Collimator can scan: ${withSeparators(r[2] ?? '')}.`,
      hint: spaced
        ? 'Put one target on each line (or separate them with commas).'
        : 'Each target is an address (10.0.4.5), a CIDR block (10.0.4.0/24), a range (10.0.4.1-10.0.4.40) or a host name.',
    };
  }
  if (m === 'no targets given') return { text: 'No targets were given.', hint: 'Enter at least one address, range, CIDR block or host name.' };
  return { text: sentence(withSeparators(m)), hint: null };
}
