/**
 * What a log-format parser is: lines in (one at a time, in file order), association facts
 * out to the collector. A parser keeps only AE titles, addresses, ports and outcomes: the
 * rest of a line is never stored, copied into a problem, or returned.
 */
import type { PeerOperation } from '../../shared/observed-peers';
import type { PeerCollector } from './collector';

/** `understood`, `ignored` (not about associations), or the reason a line about one is malformed. */
export type Feed = 'understood' | 'ignored' | { malformed: string };

export interface LineParser {
  /** `time` parses the line's time stamp lazily (only lines that matter pay for it). */
  feed(line: string, time: () => number | null): Feed;
  /** End of the file: associations left open are named (reasons only, no line text). */
  end(): string[];
}

export type ParserFactory = (collector: PeerCollector) => LineParser;

export const MALFORMED_CUT = 'an association line cut short (truncated or damaged)';

/** DIMSE request names as logs write them -> the operation. */
export function operationOf(name: string): PeerOperation | undefined {
  switch (name.toLowerCase()) {
    case 'echo':
      return 'echo';
    case 'store':
      return 'store';
    case 'find':
    case 'findworklist':
    case 'worklist':
      return 'find';
    case 'move':
      return 'move';
    case 'get':
      return 'get';
    default:
      return undefined;
  }
}
