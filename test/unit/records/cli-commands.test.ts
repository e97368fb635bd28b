/**
 * The records commands in-process (the spawned end-to-end runs are in test/cli): the
 * passphrase from the environment or a terminal prompt, and text from a hostile file
 * kept off the terminal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../electron/cli/main';
import { run as keys } from '../../../electron/cli/commands/keys';
import { run as signoff } from '../../../electron/cli/commands/signoff';
import { run as records } from '../../../electron/cli/commands/records';
import { UsageError } from '../../../electron/cli/errors';
import { createKeyFile, writeNewKeyFile } from '../../../electron/records/key-file';
import { createRecordsRepo } from '../../../electron/records/repo';
import { openStore } from '../../../electron/store';
import { memoryIO } from '../cli/memory-io';
import { seedStory } from './fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-records-cli-'));
const db = path.join(dir, 'r.db');
const FAST = { N: 2 ** 14, r: 8, p: 1 };
beforeAll(() => {
  const store = openStore(db);
  seedStory(store);
  store.close();
  writeNewKeyFile(path.join(dir, 'ada.key'), createKeyFile({ name: 'Ada Admin', role: 'PACS administrator', passphrase: 'ada passphrase 1', scrypt: FAST }));
  writeNewKeyFile(path.join(dir, 'anon.key'), createKeyFile({ name: '', role: '', passphrase: 'anon passphrase 1', scrypt: FAST }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('passphrase sources in the commands', () => {
  it('signoff takes COLLIMATOR_PASSPHRASE when no file is given', async () => {
    const io = memoryIO();
    const code = await signoff(['127.0.0.1:11112', '--db', db, '--key', path.join(dir, 'ada.key')], io, { env: { COLLIMATOR_PASSPHRASE: 'ada passphrase 1' }, prompt: undefined });
    expect([code, io.err()]).toEqual([0, '']);
    expect(io.out()).toMatch(/^[0-9a-f-]{36}\n$/);
  });

  it('signoff asks a terminal, and a key file without a name needs --operator', async () => {
    const asked: string[] = [];
    const prompt = (q: string): Promise<string> => {
      asked.push(q);
      return Promise.resolve('anon passphrase 1');
    };
    await expect(signoff(['127.0.0.1:11112', '--db', db, '--key', path.join(dir, 'anon.key')], memoryIO(), { env: {}, prompt })).rejects.toThrow(/--operator NAME is required/);
    expect(asked).toEqual([]);
    const io = memoryIO();
    expect(await signoff(['127.0.0.1:11112', '--db', db, '--key', path.join(dir, 'anon.key'), '--operator', 'Dana Tech', '--role', 'technician', '--json'], io, { env: {}, prompt })).toBe(0);
    expect(asked).toEqual([`Passphrase for ${path.join(dir, 'anon.key')}: `]);
    expect(JSON.parse(io.out())).toMatchObject({ signedBy: [{ name: 'Dana Tech', role: 'technician' }] });
  });

  it('keys new asks twice on a terminal and refuses a mismatch, writing nothing', async () => {
    let n = 0;
    const prompt = (): Promise<string> => Promise.resolve(n++ === 0 ? 'first passphrase 1' : 'second passphrase 2');
    const out = path.join(dir, 'mismatch.key');
    await expect(keys(['new', '--out', out], memoryIO(), { env: {}, prompt })).rejects.toThrow(UsageError);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('text from a hostile export file', () => {
  it('is shown with its control characters escaped', async () => {
    const io = memoryIO();
    const f = path.join(dir, 'hostile.json');
    fs.writeFileSync(f, JSON.stringify({ format: 'collimator.records-export/1', records: [{ id: '\u001b]0;owned\u0007', signed: 'e30=', signatures: [{ name: '\u001b[2J', kind: 'operator' }] }] }));
    expect(await records(['verify', f], io)).toBe(1);
    expect(io.out()).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(io.out()).toMatch(/DOES NOT VERIFY/);
  });

  it('the dispatcher lists the new commands in --help', async () => {
    const io = memoryIO();
    expect(await run(['--help'], io)).toBe(0);
    for (const c of ['signoff HOST:PORT', 'cosign ID', 'records list|export|verify', 'keys new --out FILE']) expect(io.out()).toContain(c);
  });
});

describe('a lone UTF-16 surrogate typed on the command line (Windows passes argv as UTF-16)', () => {
  const env = { env: { COLLIMATOR_PASSPHRASE: 'anon passphrase 1' }, prompt: undefined };

  it('in --operator, --role or keys new --name is refused in one line, nothing signed or written', async () => {
    const before = recordCount();
    for (const extra of [['--operator', 'Dana \ud800Tech'], ['--operator', 'Dana Tech', '--role', 'tech\udc00']]) {
      const err = await signoff(['127.0.0.1:11112', '--db', db, '--key', path.join(dir, 'anon.key'), ...extra], memoryIO(), env).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/^--(operator|role) contains a broken character \(a lone UTF-16 surrogate\): type it again$/);
    }
    expect(recordCount()).toBe(before);
    const out = path.join(dir, 'surrogate.key');
    await expect(keys(['new', '--out', out, '--name', '\udbffAda'], memoryIO(), { env: { COLLIMATOR_PASSPHRASE: 'a long passphrase 1' }, prompt: undefined })).rejects.toThrow(/^--name contains a broken character/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('in --note becomes U+FFFD, and the record is signed', async () => {
    const io = memoryIO();
    expect(await signoff(['127.0.0.1:11112', '--db', db, '--key', path.join(dir, 'anon.key'), '--operator', 'Dana Tech', '--note', 'fixed \ud83d it', '--json'], io, env)).toBe(0);
    const id = (JSON.parse(io.out()) as { id: string }).id;
    const store = openStore(db);
    try {
      expect(createRecordsRepo(store.db).get(id)!.body.note).toBe('fixed \ufffd it');
    } finally {
      store.close();
    }
  });
});

function recordCount(): number {
  const store = openStore(db);
  try {
    return createRecordsRepo(store.db).all().length;
  } finally {
    store.close();
  }
}
