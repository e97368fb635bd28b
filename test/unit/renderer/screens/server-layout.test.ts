/** The Server screen's order (not applicable apart) and its "why it matters" text, the Fix screen's own. */
import { describe, expect, it } from 'vitest';
import { buildContext, renderPlaybook } from '../../../../shared/playbooks';
import type { ServiceResult } from '../../../../shared/types';
import { splitChecks } from '../../../../renderer/screens/server/facts';
import { whyItMatters } from '../../../../renderer/screens/server/why';
import { orderChecks } from '../../../../renderer/store/selectors/checks';
import { check } from '../store/selectors/fixtures';

const service = (host: string): ServiceResult => ({
  host,
  port: 11112,
  state: 'open',
  protocol: 'dicom',
  checks: [],
});

describe('splitChecks', () => {
  it('keeps the failing checks first and sets every not-applicable one apart', () => {
    const ordered = orderChecks([
      check('tls.legacy-protocol', 'not-applicable', 'high'),
      check('dicom.plaintext', 'pass', 'high'),
      check('dicom.query-open', 'fail', 'critical'),
      check('web.no-hsts', 'not-applicable', 'low'),
      check('dicom.detected', 'fail', 'info'),
    ]);
    const { shown, notApplicable } = splitChecks(ordered);
    expect(shown.map((c) => c.id)).toEqual(['dicom.query-open', 'dicom.detected', 'dicom.plaintext']);
    expect(notApplicable.map((c) => c.id)).toEqual(['tls.legacy-protocol', 'web.no-hsts']);
  });
});

describe('whyItMatters', () => {
  const vantage = { label: 'guest Wi-Fi', untrusted: true };

  it('is the text the Fix screen renders for the same server, filled in the same way', () => {
    for (const id of ['dicom.plaintext', 'exposure.untrusted-reach', 'dicom.any-calling-ae'] as const) {
      const s = service('127.0.0.1');
      const fix = renderPlaybook(id, buildContext({ service: s, inventory: [], vantage })).why;
      expect(whyItMatters(id, s, vantage, [])).toBe(fix);
    }
    expect(whyItMatters('exposure.untrusted-reach', service('127.0.0.1'), vantage, [])).toContain('"guest Wi-Fi"');
    expect(whyItMatters('dicom.plaintext', service('127.0.0.1'), vantage, [])).toContain('127.0.0.1:11112');
  });

  it('still reads for a host the snippets cannot write, and is absent for an unknown check id', () => {
    const text = whyItMatters('dicom.plaintext', service('bad host!'), undefined, []);
    expect(text).toMatch(/^DICOM on bad host!:11112 travels unencrypted/);
    expect(whyItMatters('future.check', service('127.0.0.1'), vantage, [])).toBeUndefined();
  });
});
