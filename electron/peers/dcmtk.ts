/**
 * DCMTK servers' logs (dcmqrscp, wlmscpfs, storescp) with `-v` and/or `-d`, as DCMTK 3.6.7
 * writes them (checked against the real programs in test/peers/learn-dcmtk.test.ts):
 *
 *   D: Association Received: ADDR                        (-d; storescp's only address)
 *   I: Association Received (ADDR:CALLING -> CALLED)     (dcmqrscp, wlmscpfs -v)
 *   I: Association Received                              (storescp -v: no peer named)
 *   D: Calling Application Name:    X                    (-d, in BEGIN A-ASSOCIATE-RQ)
 *   D: Called Application Name:     Y
 *   D: Their Implementation Class UID:    1.2.3          (read, not kept)
 *   I: Association Acknowledged (Max Send PDV: n)        (accepted)
 *   I: Refusing Association (REASON)                     (refused)
 *   I: Received Echo SCP RQ / Received Store Request / Message Type : C-FIND RQ (requests)
 *
 * A connection without any AE title (`Association Received (A: -> )`, or an empty
 * A-ASSOCIATE-RQ block) sent no association request: a port check, not a peer.
 * DCMTK writes no time stamp by default (firstSeen/lastSeen are then null) and never its
 * own port (port null). A forking dcmqrscp may interleave two associations' lines; each
 * line is taken to belong to the latest association.
 */
import { cleanAddress, cleanAe, type PeerCollector } from './collector';
import { MALFORMED_CUT, operationOf, type Feed, type LineParser } from './line-parser';
import type { PeerOperation } from '../../shared/observed-peers';

const R_RECEIVED_ADDR = /Association Received: (\S+)\s*$/;
const R_RECEIVED_FULL = /Association Received \((\S+):(.*?) -> (.*?)\)\s*$/;
const R_RECEIVED_BARE = /Association Received\s*$/;
const R_CALLING = /Calling Application Name:\s*(.*?)\s*$/;
const R_CALLED = /Called Application Name:\s*(.*?)\s*$/;
const R_IMPL = /Their Implementation Class UID:\s*[0-9.]*\s*$/;
const R_OP_INFO = /Received (Echo|Store|Find|Move|Get)\b/;
const R_OP_MSG = /Message Type\s*:\s*C-(ECHO|STORE|FIND|MOVE|GET)[ -]RQ/;

interface Assoc {
  address: string | null;
  calling: string | null;
  called: string | null;
  at: number | null;
  /** The A-ASSOCIATE-RQ was named (full -v line, or the Calling line of -d). */
  named: boolean;
  outcome: boolean | null;
  ops: Set<PeerOperation>;
}

export function dcmtkParser(out: PeerCollector): LineParser {
  let cur: Assoc | null = null;
  let unnamed = 0;
  let unresolved = 0;

  const close = (): void => {
    if (!cur) return;
    // No titles at all: a TCP connection that sent no A-ASSOCIATE-RQ (a port check); not a peer.
    // (An association accepted or refused whose titles were never logged is storescp -v.)
    if (cur.calling === null && cur.called === null) {
      if (!cur.named && cur.outcome !== null) unnamed++;
    } else if (cur.outcome === null) unresolved++;
    else out.add({ host: null, port: null, calledAe: cur.called, callingAe: cur.calling, address: cur.address, accepted: cur.outcome, at: cur.at, operations: [...cur.ops], count: 1 });
    cur = null;
  };
  const begin = (address: string | null, at: number | null): Assoc => {
    close();
    cur = { address, calling: null, called: null, at, named: false, outcome: null, ops: new Set() };
    return cur;
  };

  return {
    feed(line, time): Feed {
      if (!line.includes('Associat') && !line.includes('Application Name') && !line.includes('Implementation Class') && !line.includes('Received') && !line.includes('Message Type')) return 'ignored';
      let m: RegExpExecArray | null;
      if (line.includes('Association Received')) {
        if ((m = R_RECEIVED_ADDR.exec(line))) {
          begin(cleanAddress(m[1]), time());
          return 'understood';
        }
        if ((m = R_RECEIVED_FULL.exec(line))) {
          const address = cleanAddress(m[1]);
          const a: Assoc = cur && !cur.named && cur.outcome === null && (cur.address === null || cur.address === address) ? cur : begin(address, time());
          a.address = address;
          a.calling = cleanAe(m[2]);
          a.called = cleanAe(m[3]);
          a.named = true;
          return 'understood';
        }
        if (R_RECEIVED_BARE.test(line)) {
          if (!cur || cur.named || cur.outcome !== null) begin(null, time());
          return 'understood';
        }
        if (line.includes('Association Received (')) return { malformed: MALFORMED_CUT };
        return 'ignored';
      }
      if (line.includes('Calling Application Name:')) {
        if (!(m = R_CALLING.exec(line))) return { malformed: MALFORMED_CUT };
        if (cur && cur.calling === null) {
          cur.calling = cleanAe(m[1]);
          cur.named = true;
        }
        return 'understood';
      }
      if (line.includes('Called Application Name:')) {
        if (!(m = R_CALLED.exec(line))) return { malformed: MALFORMED_CUT };
        if (cur && cur.called === null) cur.called = cleanAe(m[1]);
        return 'understood';
      }
      if (line.includes('Their Implementation Class UID:')) return R_IMPL.test(line) ? 'understood' : { malformed: MALFORMED_CUT };
      if (line.includes('Association Acknowledged')) {
        if (cur && cur.outcome === null) cur.outcome = true;
        return 'understood';
      }
      if (line.includes('Refusing Association')) {
        if (cur && cur.outcome === null) cur.outcome = false;
        if (!/Refusing Association \(.*\)\s*$/.test(line)) return { malformed: MALFORMED_CUT };
        return 'understood';
      }
      if ((m = R_OP_INFO.exec(line) ?? R_OP_MSG.exec(line))) {
        const op = operationOf(m[1]!);
        if (op && cur && cur.outcome === true) cur.ops.add(op);
        return 'understood';
      }
      return 'ignored';
    },
    end() {
      close();
      const problems: string[] = [];
      if (unresolved > 0) problems.push(`${unresolved} association(s) whose outcome is not in the log (the file ends, or was cut, before it): not counted`);
      if (unnamed > 0) problems.push(`${unnamed} association(s) logged without their peer (storescp names it only with -d): not counted`);
      return problems;
    },
  };
}
