/**
 * dcm4chee-arc's WildFly server.log. The formats come from the dcm4che library's source
 * (dcm4che/dcm4che, dcm4che-net/src/main/java/org/dcm4che3/net/TCPListener.java and
 * Association.java): dcm4chee-arc cannot run in this lab, so its tests use lines built
 * from those formats, not lines written by a running archive.
 *
 *   Accept connection Socket[addr=/A,port=P,localport=L]   (TCPListener, INFO)
 *   Reject connection Socket[addr=/A,port=P,localport=L]   (a blacklisted address)
 *   /L:LP<-/A:P(n): ...                                     (DEBUG: serial n's addresses)
 *   CALLED<-CALLING(n) >> A-ASSOCIATE-RQ                    (incoming association n)
 *   CALLED<-CALLING(n) << A-ASSOCIATE-AC / << A-ASSOCIATE-RJ[...]
 *   CALLED<-CALLING(n) >> 1:C-STORE-RQ[...]                 (requests)
 *   CALLING->CALLED(n) ...                                  (outgoing: the archive calls; read, not a peer)
 *
 * At INFO level the log does not tie an association to its connection: the n-th
 * A-ASSOCIATE-RQ is paired with the oldest accepted connection not yet paired (at DEBUG
 * the serial number ties them exactly). AE titles with spaces are not read.
 */
import { cleanAddress, cleanAe, type PeerCollector } from './collector';
import { MALFORMED_CUT, operationOf, type Feed, type LineParser } from './line-parser';
import type { PeerOperation } from '../../shared/observed-peers';

const R_SOCKET = /(Accept|Reject) connection Socket\[addr=(?:[^/,\]]*)\/([^,\]]+),port=(\d+),localport=(\d+)\]/;
const R_DEBUG_NAME = /(?:^|\s)\S*\/([^\s/]+):(\d+)<-\S*\/([^\s/]+):(\d+)\((\d+)\)/;
const R_IN = /(?:^|\s)(\S+)<-(\S+)\((\d+)\) (>>|<<) (A-ASSOCIATE-RQ|A-ASSOCIATE-AC|A-ASSOCIATE-RJ|\d+:C-(ECHO|STORE|FIND|MOVE|GET)-RQ)/;
const R_OUT = /(?:^|\s)(\S+)->(\S+)\((\d+)\) (>>|<<) /;

interface Conn {
  address: string | null;
  localport: number | null;
}
interface Assoc extends Conn {
  calling: string | null;
  called: string | null;
  at: number | null;
  outcome: boolean | null;
  ops: Set<PeerOperation>;
}

const MAX_OPEN = 1024;

export function dcm4cheeParser(out: PeerCollector): LineParser {
  const accepted: Conn[] = [];
  const bySerial = new Map<string, Conn>();
  const open = new Map<string, Assoc>();
  let unresolved = 0;

  const finish = (serial: string, a: Assoc): void => {
    open.delete(serial);
    if (a.outcome === null) {
      unresolved++;
      return;
    }
    out.add({ host: null, port: a.localport, calledAe: a.called, callingAe: a.calling, address: a.address, accepted: a.outcome, at: a.at, operations: [...a.ops], count: 1 });
  };

  return {
    feed(line, time): Feed {
      if (!line.includes('connection Socket[') && !line.includes('<-') && !line.includes('->')) return 'ignored';
      let m: RegExpExecArray | null;
      if (line.includes('connection Socket[')) {
        if (!(m = R_SOCKET.exec(line))) return line.includes('ccept connection') || line.includes('eject connection') ? { malformed: MALFORMED_CUT } : 'ignored';
        const conn = { address: cleanAddress(m[2]), localport: Number(m[4]) };
        if (m[1] === 'Reject') {
          out.add({ host: null, port: conn.localport, calledAe: null, callingAe: null, address: conn.address, accepted: false, at: time(), count: 1 });
        } else {
          if (accepted.length >= MAX_OPEN) accepted.shift();
          accepted.push(conn);
        }
        return 'understood';
      }
      if ((m = R_IN.exec(line))) {
        const [, called, calling, serial, dir, what, dimse] = m;
        if (what === 'A-ASSOCIATE-RQ' && dir === '>>') {
          const conn = bySerial.get(serial!) ?? accepted.shift() ?? { address: null, localport: null };
          bySerial.delete(serial!);
          const prev = open.get(serial!);
          if (prev) finish(serial!, prev);
          if (open.size >= MAX_OPEN) {
            const oldest = open.keys().next().value as string;
            finish(oldest, open.get(oldest)!);
          }
          open.set(serial!, { ...conn, calling: cleanAe(calling), called: cleanAe(called), at: time(), outcome: null, ops: new Set() });
          return 'understood';
        }
        const a = open.get(serial!);
        if (what === 'A-ASSOCIATE-AC' && dir === '<<') {
          if (a) a.outcome = true;
        } else if (what === 'A-ASSOCIATE-RJ' && dir === '<<') {
          if (a) {
            a.outcome = false;
            finish(serial!, a);
          }
        } else if (dimse && dir === '>>') {
          const op = operationOf(dimse);
          if (a && op) a.ops.add(op);
        }
        return 'understood';
      }
      if ((m = R_DEBUG_NAME.exec(line))) {
        if (bySerial.size >= MAX_OPEN) bySerial.clear();
        const conn = { address: cleanAddress(m[3]), localport: Number(m[2]) };
        if (!bySerial.has(m[5]!)) {
          bySerial.set(m[5]!, conn);
          // The same connection must not be paired again by order.
          const i = accepted.findIndex((c) => c.address === conn.address && c.localport === conn.localport);
          if (i >= 0) accepted.splice(i, 1);
        }
        return 'understood';
      }
      if (R_OUT.test(line)) return 'understood';
      if (/<-\S*\(\d*$/.test(line) || /<-\S+\(\d+\) (>>|<<) A-ASSOC\S*$/.test(line)) return { malformed: MALFORMED_CUT };
      return 'ignored';
    },
    end() {
      for (const [serial, a] of [...open]) finish(serial, a);
      return unresolved > 0 ? [`${unresolved} association(s) whose outcome is not in the log (the file ends, or was cut, before it): not counted`] : [];
    },
  };
}
