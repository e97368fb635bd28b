/**
 * The practice lab, one click in the app: real DICOM servers on loopback, configured
 * with known weaknesses, so a first scan shows real findings. At most one lab runs;
 * a second start while one is starting waits for the same one.
 */
import type { PracticeLabInfo, PracticeLabServer } from '../../shared/contract';
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
