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

  it('escapes control characters a peer put in its strings', () => {
    expect(renderJson(fixtureReport(), { all: false })).not.toContain('\x1b');
  });
});
