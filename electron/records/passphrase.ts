/**
 * Where a key file's passphrase comes from, in order (cli.md `signoff`): `--passphrase-file
 * FILE` (its first line), the COLLIMATOR_PASSPHRASE environment variable (unattended
 * use), or a hidden prompt when stdin is a terminal. Nothing else: no passphrase is ever
 * taken from the command line itself, where `ps` and shell history would show it.
 * A passphrase file must be private (mode 0600 or stricter) or it is refused.
 */
import fs from 'node:fs';

/** The environment variable read for unattended use. */
export const PASSPHRASE_ENV = 'COLLIMATOR_PASSPHRASE';

/** Asks a question without echoing the answer; rejects when the user cancels (Ctrl-C / Ctrl-D). */
export type PromptHidden = (question: string) => Promise<string>;

/** No passphrase could be had; the message is one line. */
export class PassphraseError extends Error {
  override readonly name = 'PassphraseError';
}

export interface PassphraseSources {
  /** `--passphrase-file`. */
  file?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Present when an interactive terminal can be asked. */
  prompt?: PromptHidden | undefined;
}

/** Largest passphrase file read, bytes. */
const MAX_FILE_BYTES = 4096;

/**
 * Who besides the owner may use a passphrase file with `mode`, or undefined when nobody
 * may. As ssh does for private keys: a secret others can read is refused, not used. On
 * Windows the mode bits say nothing about access (ACLs decide), so no check there.
 */
export function openPermissions(mode: number, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined;
  const group = (mode & 0o070) !== 0;
  const others = (mode & 0o007) !== 0;
  return group && others ? 'group and others' : group ? 'its group' : others ? 'others' : undefined;
}

/** The first line of a passphrase file, without its line ending. Refused when group or others have any access to it. */
export function readPassphraseFile(file: string): string {
  let buf: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new PassphraseError(`--passphrase-file ${file} is not a file`);
    if (stat.size > MAX_FILE_BYTES) throw new PassphraseError(`--passphrase-file ${file} is too large to hold a passphrase`);
    const open = openPermissions(stat.mode);
    if (open !== undefined) throw new PassphraseError(`--passphrase-file ${file} is accessible by ${open} (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); make it private first: chmod 600 ${file}`);
    buf = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof PassphraseError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new PassphraseError(code === 'ENOENT' ? `--passphrase-file ${file} does not exist` : `cannot read --passphrase-file ${file}: ${code ?? (e as Error).message}`);
  }
  const line = buf.toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  if (line === '') throw new PassphraseError(`--passphrase-file ${file} is empty`);
  return line;
}

/**
 * The passphrase from the first source that has one. With `confirm` (a new key), an
 * interactive prompt asks twice and refuses a mismatch.
 */
export async function obtainPassphrase(src: PassphraseSources, opts: { confirm: boolean; what: string }): Promise<string> {
  if (src.file !== undefined) return readPassphraseFile(src.file);
  const env = src.env[PASSPHRASE_ENV];
  if (env !== undefined && env !== '') return env;
  if (src.prompt === undefined) {
    throw new PassphraseError(`no passphrase for ${opts.what}: give --passphrase-file FILE, set ${PASSPHRASE_ENV}, or run in a terminal to be asked`);
  }
  const first = await src.prompt(`Passphrase for ${opts.what}: `);
  if (opts.confirm) {
    const again = await src.prompt('The same passphrase again: ');
    if (again !== first) throw new PassphraseError('the two passphrases differ; nothing was written');
  }
  if (first === '') throw new PassphraseError('no passphrase given');
  return first;
}

/**
 * A hidden prompt on this process's terminal, or undefined when stdin or stderr is not
 * a terminal (scripts, pipes, tests): then a passphrase must come from a file or the
 * environment. The question goes to stderr so stdout stays the command's output.
 */
export function terminalPrompt(): PromptHidden | undefined {
  const input = process.stdin;
  if (!input.isTTY || !process.stderr.isTTY) return undefined;
  return (question) =>
    new Promise<string>((resolve, reject) => {
      process.stderr.write(question);
      let answer = '';
      const wasRaw = input.isRaw;
      input.setRawMode(true);
      input.resume();
      input.setEncoding('utf8');
      const done = (err?: Error): void => {
        input.off('data', onData);
        input.setRawMode(wasRaw);
        input.pause();
        process.stderr.write('\n');
        if (err) reject(err);
        else resolve(answer);
      };
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003' || ch === '\u0004') return done(new PassphraseError('cancelled; nothing was signed or written'));
          if (ch === '\u007f' || ch === '\b') answer = [...answer].slice(0, -1).join('');
          else if (ch >= ' ') answer += ch;
        }
      };
      input.on('data', onData);
    });
}
