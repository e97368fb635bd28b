/**
 * The practice lab, one click in the app: real DICOM servers on loopback, configured
 * with known weaknesses, so a first scan shows real findings. At most one lab runs;
 * a second start while one is starting waits for the same one.
 */
import type { PracticeLabApplyRequest, PracticeLabApplyResult, PracticeLabInfo, PracticeLabServer } from '../../shared/contract';
import { canonicalHost, serverKey } from '../../shared/host';
import { practiceFix } from '../practice-lab/fix';
import type { PracticeLab } from '../practice-lab/practice';
import { AppError } from './errors';

export type StartPracticeLab = () => Promise<PracticeLab>;

/** The vantage the suggested scan uses: this computer, a trusted place. */
export const LAB_VANTAGE = { label: 'Practice lab (this computer)', untrusted: false } as const;

export class PracticeLabManager {
  #lab: PracticeLab | undefined;
  #info: PracticeLabInfo | undefined;
  #starting: Promise<PracticeLabInfo> | undefined;

  constructor(private readonly startLab: StartPracticeLab) {}

  get running(): boolean {
    return this.#lab !== undefined;
  }

  start(): Promise<PracticeLabInfo> {
    if (this.#info) return Promise.resolve(this.#info);
    this.#starting ??= this.#start().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  async stop(): Promise<{ stopped: boolean }> {
    if (this.#starting) await this.#starting.catch(() => undefined);
    const lab = this.#lab;
    if (!lab) return { stopped: false };
    this.#lab = undefined;
    this.#info = undefined;
    await lab.stop();
    return { stopped: true };
  }

  /**
   * Issue 17: fixes a server of the running lab the way its snippets would. Which
   * servers are the lab's is decided here, by the lab's own list, never by the caller:
   * any other endpoint is refused (`not-found`) and nothing changes anywhere.
   * `peers()` gives the inventory's AE titles the snippets allow (asked only once the
   * server is known to be the lab's).
   */
  apply(req: PracticeLabApplyRequest, peers: () => string[]): PracticeLabApplyResult {
    const lab = this.#lab;
    const host = canonicalHost(req.host);
    const where = serverKey({ host, port: req.port });
    if (!lab) throw new AppError('not-found', `${where} is not a practice-lab server (the practice lab is not running): Collimator changes only its own practice servers`);
    const mine = lab.servers.find((s) => canonicalHost(s.host) === host && s.port === req.port);
    if (!mine) throw new AppError('not-found', `${where} is not a practice-lab server: Collimator changes only its own practice servers, never a real one`);
    if (mine.aet === '') throw new AppError('invalid-argument', `${where} (${mine.name}) is not a DICOM server: there is nothing to apply`);
    let fix: ReturnType<typeof practiceFix> | undefined;
    const done = lab.reconfigure(mine.host, mine.port, (profile) => (fix = practiceFix(profile, peers())).profile);
    if (!done || !fix) throw new AppError('not-found', `${where} is not a DICOM practice server`);
    return { name: mine.name, host: mine.host, port: mine.port, applied: fix.applied, notApplied: fix.notApplied };
  }

  async #start(): Promise<PracticeLabInfo> {
    let lab: PracticeLab;
    try {
      lab = await this.startLab();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Typically a loopback port that cannot be bound; the lab's message says which.
      throw new AppError('unavailable', `the practice lab could not start: ${message}`);
    }
    this.#lab = lab;
    this.#info = {
      servers: lab.servers.map((s): PracticeLabServer => ({
        name: s.name,
        description: s.description,
        host: s.host,
        port: s.port,
        aet: s.aet,
        expected: s.expected,
      })),
      suggested: {
        targets: [...lab.targets],
        ports: [...lab.ports],
        calledAes: lab.calledAes.map((c) => ({ aet: c.aet, host: c.host, port: c.port })),
        vantage: { ...LAB_VANTAGE },
      },
    };
    return this.#info;
  }
}
