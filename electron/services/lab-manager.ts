/**
 * The practice lab, one click in the app: real DICOM servers on loopback, configured
 * with known weaknesses, so a first scan shows real findings. At most one lab runs;
 * a second start while one is starting waits for the same one.
 */
import type { PracticeLabInfo, PracticeLabServer } from '../../shared/contract';
import { AppError } from './errors';

/** What electron/lab/practice.ts `startPracticeLab()` gives back. */
export interface PracticeLab {
  servers: Array<{ name: string; description: string; host: string; port: number; aet: string; expected: unknown }>;
  targets: string[];
  ports: number[];
  calledAes: Array<{ aet: string; host: string; port: number }>;
  stop(): Promise<void>;
}

export type StartPracticeLab = () => Promise<PracticeLab>;

/** The vantage the suggested scan uses: this computer, a trusted place. */
export const LAB_VANTAGE = { label: 'Practice lab (this computer)', untrusted: false } as const;

export class LabManager {
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
      // The lab needs Orthanc and DCMTK installed; saying which is missing is the useful part.
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
        expected: inWords(s.expected),
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

/** The lab describes expectations as text or a list of check ids; the UI shows one line. */
function inWords(expected: unknown): string {
  if (typeof expected === 'string') return expected;
  if (Array.isArray(expected)) return expected.map(String).join(', ');
  return expected === undefined ? '' : JSON.stringify(expected);
}
