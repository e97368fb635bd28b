import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../../electron/cli/output/json';
import { fixtureReport } from '../fixtures';

describe('renderJson', () => {
  it('prints one JSON document with the fields of cli.md, open services only', () => {
    const text = renderJson(fixtureReport(), { all: false });
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['tool', 'scan', 'services', 'summary']);
    const services = doc.services as Array<{ state: string }>;
    expect(services).toHaveLength(3);
    expect(services.every((s) => s.state === 'open')).toBe(true);
  });

  it('keeps closed and filtered services with --all', () => {
    const doc = JSON.parse(renderJson(fixtureReport(), { all: true })) as { services: Array<{ state: string }> };
    expect(doc.services.map((s) => s.state)).toContain('closed');
  });

  it('passes protocolBasis through as the engine wrote it, and leaves it out where absent', () => {
    const report = fixtureReport();
    report.services[0] = { ...report.services[0]!, protocolBasis: 'sent bytes that are not DICOM, HTTP or TLS: "SSH-2.0-x\\r\\n"' };
    const doc = JSON.parse(renderJson(report, { all: true })) as { services: Array<{ protocolBasis?: string }> };
    expect(doc.services[0]!.protocolBasis).toBe('sent bytes that are not DICOM, HTTP or TLS: "SSH-2.0-x\\r\\n"');
    expect(doc.services.slice(1).some((s) => 'protocolBasis' in s)).toBe(false);
  });

  it('escapes control characters a peer put in its strings', () => {
    expect(renderJson(fixtureReport(), { all: false })).not.toContain('\x1b');
  });
});
