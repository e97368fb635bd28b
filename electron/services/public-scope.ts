/**
 * Who may let a scan or a re-check reach public (non-private) addresses: a person,
 * asked by the main process, never a flag the page sends. A compromised or scripted
 * page can call `scan:start` with any targets; it cannot answer a native dialog in
 * the app (services/public-scope-dialog.ts) or type at the web bridge's terminal
 * (web-bridge/terminal-confirm.ts). The engine's own refusal (engine/scope.ts) stays:
 * the gate below only decides what `allowPublic` the engine is given.
 */
import { parseScope, ScopeError } from '../engine/scope';
import { AppError } from './errors';

/** Asks the person at the app whether these public targets may be probed. */
export interface PublicScopeConfirmer {
  /**
   * `ranges`: the targets outside private space, as the user gave them (a host name
   * with its public addresses). Resolves true only on an explicit yes; every other
   * outcome (cancel, no window, no terminal, a wrong answer) is false.
   */
  confirmPublicScope(ranges: string[]): Promise<boolean>;
}

/** Where nobody can be asked (tests, a bridge without a terminal): public scopes are refused. */
export const refusePublicScope: PublicScopeConfirmer = { confirmPublicScope: () => Promise.resolve(false) };

export interface PublicScopeGate {
  /**
   * The `allowPublic` to give the engine for these targets: false when they are all
   * private (nobody is asked), true once the confirmer said yes. Throws AppError
   * `scope-refused` when the person refused (nothing was sent), and for a scope the
   * engine would refuse anyway (bad syntax, too large), before anyone is asked.
   */
  allowPublic(targets: string[], opts?: { allowLarge?: boolean }): Promise<boolean>;
  /**
   * Asks about public targets already found (a scan plan's `publicTargets`, so names are
   * resolved once); resolves when the person said yes, throws AppError `scope-refused`
   * otherwise. Nobody is asked for an empty list.
   */
  confirm(publicTargets: string[]): Promise<void>;
}

type Resolver = (name: string) => Promise<string[]>;

/**
 * The gate over a confirmer. Scans ask through `confirm` with the plan's public targets
 * (electron/scan-run.ts resolves names once, and the engine uses those addresses);
 * `allowPublic` parses and resolves on its own, for a re-check of one host:port.
 */
export function publicScopeGate(confirmer: PublicScopeConfirmer, resolve?: Resolver): PublicScopeGate {
  // One question at a time: a page that fires many requests gets one dialog, and refusals.
  let asking = false;
  const confirm = async (ranges: string[]): Promise<void> => {
    if (ranges.length === 0) return;
    if (asking) throw new AppError('busy', 'another request to scan public addresses is waiting for an answer; answer it first');
    asking = true;
    let yes = false;
    try {
      yes = await confirmer.confirmPublicScope(ranges);
    } catch (err) {
      console.error(`collimator: asking to confirm public addresses failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      asking = false;
    }
    if (yes !== true) throw new AppError('scope-refused', `scanning public addresses (${summary(ranges)}) was not confirmed: nothing was sent`);
  };
  return {
    confirm,
    async allowPublic(targets, opts = {}) {
      let ranges: string[];
      try {
        ({ publicTargets: ranges } = await parseScope(targets, { allowLarge: opts.allowLarge ?? false, allowPublic: true }, resolve));
      } catch (err) {
        if (err instanceof ScopeError) throw new AppError('scope-refused', err.message);
        throw err;
      }
      if (ranges.length === 0) return false;
      await confirm(ranges);
      return true;
    },
  };
}

/** The first few ranges for a one-line message. */
function summary(ranges: string[]): string {
  const shown = ranges.slice(0, 3).join(', ');
  return ranges.length > 3 ? `${shown} and ${ranges.length - 3} more` : shown;
}
