/**
 * The web bridge's public-scope confirmer: a typed answer at the terminal that runs
 * `npm run dev:web`, never in the page. The page (and any local process that learnt
 * the session token) can send any request, but it cannot read this terminal or type
 * into it, so it cannot confirm for the person. Why not a code typed into the page:
 * that puts the answer on the page's channel, and it needs a new contract channel and
 * a prompt screen, where the terminal is already in front of the person who started
 * the bridge and already out of the page's reach.
 *
 * The question names every public target and a fresh 4-digit code; only that code
 * confirms, so a stray "yes" typed earlier (still in the terminal's buffer) or an
 * Enter does not. No answer within the deadline is a no.
 */
import { randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { PublicScopeConfirmer } from '../services/public-scope';

export interface TerminalIo {
  /** Where the person types (process.stdin). */
  input: NodeJS.ReadableStream;
  /** Where the question is printed (process.stderr: stdout carries the bridge's address). */
  output: NodeJS.WritableStream;
}

/** An unanswered question is refused after this, ms. */
export const ANSWER_DEADLINE_MS = 120_000;

export function terminalPublicScopeConfirmer(io: TerminalIo, deadlineMs = ANSWER_DEADLINE_MS): PublicScopeConfirmer {
  return {
    async confirmPublicScope(ranges) {
      const code = String(randomInt(1000, 10_000));
      io.output.write(
        [
          '',
          'collimator web bridge: the page asks to scan PUBLIC (non-private) addresses:',
          ...ranges.map((r) => `  ${r}`),
          'Scan them only if you are authorised to test every one.',
          `To allow, type ${code} and Enter; anything else refuses (no answer in ${Math.round(deadlineMs / 1000)} s refuses):`,
          '',
        ].join('\n'),
      );
      const answer = await readLine(io.input, deadlineMs);
      const yes = answer !== undefined && answer.trim() === code;
      io.output.write(yes ? 'collimator web bridge: confirmed; the scan may reach these public addresses.\n' : `collimator web bridge: ${answer === undefined ? 'no answer' : 'not the code'}: refused, nothing is sent.\n`);
      return yes;
    },
  };
}

/** The next line typed, or undefined on the deadline or the end of input. */
function readLine(input: NodeJS.ReadableStream, deadlineMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, terminal: false });
    const done = (line: string | undefined): void => {
      clearTimeout(timer);
      rl.removeAllListeners();
      rl.close();
      resolve(line);
    };
    const timer = setTimeout(() => done(undefined), deadlineMs);
    rl.once('line', (line) => done(line));
    rl.once('close', () => done(undefined));
  });
}
