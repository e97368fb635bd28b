/**
 * A refused scope in plain words, from the engine's own messages: each case makes the real
 * parser (electron/engine/scope.ts) refuse, with a fake resolver (nothing leaves this
 * process), so a change of the engine's wording shows here instead of raw text on screen.
 */
import { describe, expect, it } from 'vitest';
import { parseScope } from '../../../../../electron/engine/scope';
import { plainRefusal, withSeparators } from '../../../../../renderer/store/selectors/refusal';

const noLookup = (): Promise<string[]> => Promise.reject(new Error('no lookups in this test'));
const notFound = (): Promise<string[]> => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
const opts = { allowLarge: false, allowPublic: false };

async function refusal(targets: string[], resolve: () => Promise<string[]> = noLookup): Promise<string> {
  try {
    await parseScope(targets, opts, resolve);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`the engine accepted ${targets.join(', ')}`);
}

describe('plainRefusal', () => {
  it('a large scope: separators, and only the hint naming the checkbox as labelled', async () => {
    const r = plainRefusal(await refusal(['127.0.0.0/8']));
    expect(r.text).toBe('The scope covers 16,777,216 addresses, more than the usual limit of 65,536 (a /16).');
    expect(r.hint).toContain('“Scan a scope larger than usual”');
    expect(r.hint).not.toMatch(/public/);
  });

  it('a public address: only the authorisation hint', async () => {
    const r = plainRefusal(await refusal(['192.0.2.1']));
    expect(r.text).toMatch(/192\.0\.2\.1/);
    expect(r.hint).toContain('authorised to test');
    expect(r.hint).toContain('confirm it in the dialog');
    expect(r.hint).not.toMatch(/\/16|larger/);
  });

  it('a public scope the person did not confirm (the main process asked): the same hint, plain words', () => {
    const r = plainRefusal('scanning public addresses (192.0.2.1) was not confirmed: nothing was sent');
    expect(r.text).toBe('Scanning the public addresses 192.0.2.1 was not confirmed, so nothing was sent.');
    expect(r.hint).toContain('confirm it in the dialog');
  });

  it('a host name that does not exist: words, not ENOTFOUND', async () => {
    const r = plainRefusal(await refusal(['pacs-typo.example'], notFound));
    expect(r.text).toBe('The host name “pacs-typo.example” could not be found: no such name is known to the name servers (DNS).');
    expect(r.text + (r.hint ?? '')).not.toMatch(/ENOTFOUND/);
    expect(r.hint).toMatch(/spelling/);
  });

  it('a malformed target: what a target looks like, no scope-size hint', async () => {
    const r = plainRefusal(await refusal(['300.1.1.1']));
    expect(r.text).toMatch(/^“300\.1\.1\.1” is not a target/);
    expect(r.hint).toMatch(/CIDR block/);
    expect(r.hint).not.toMatch(/public|\/16/);
  });

  it('a message it does not know is kept, as a sentence, without a hint', () => {
    expect(plainRefusal('port "http" is not a port number')).toEqual({ text: 'Port "http" is not a port number.', hint: null });
  });

  it('separators for counts, never for ports', () => {
    expect(withSeparators('16777216 addresses on port 11112, 10.0.0.5:11112 and 104')).toBe('16,777,216 addresses on port 11112, 10.0.0.5:11112 and 104');
  });
});
