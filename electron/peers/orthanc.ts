/**
 * Orthanc's log (`--verbose`, or `--verbose-dicom`), as Orthanc 1.10 writes it (checked
 * against the real server in test/peers/learn-orthanc.test.ts) and as older versions did:
 *
 *   Association Received from AET X on IP A
 *   Incoming connection from AET X on IP A, calling AET Y        (Y is the called AE)
 *   Association Acknowledged (Max Send PDV: n) to AET X on IP A
 *   Rejected association for remote AET X on IP A
 *   Rejected association, because of a bad called AET in the request (Y)
 *   DICOM authorization rejected for AET X on IP A: ...           (one or two spaces)
 *   Incoming <Store|Find|Move|Get|Echo> request from AET X[ on IP A, calling AET Y]
 *   Rejected <Type> request from remote DICOM modality with AET "X" and hostname "A"
 *   DICOM server listening with AET Y on port: P                 (the server's port)
 *
 * `Association Received from AET  on IP A` (no title) is a TCP connection that closed
 * before asking anything (a port check): read, not a peer.
 * Orthanc writes no thread id: a refusal for a bad called AE (which names no caller)
 * goes to the latest association still open.
 */
import { cleanAddress, cleanAe, type PeerCollector } from './collector';
import { MALFORMED_CUT, operationOf, type Feed, type LineParser } from './line-parser';

const R_RECEIVED = /Association Received from AET (.*?) on IP (\S+)\s*$/;
const R_INCOMING = /Incoming connection from AET (.+?) on IP (\S+), calling AET (.+?)\s*$/;
const R_ACK = /Association Acknowledged \([^)]*\) to AET (.+?) on IP (\S+)\s*$/;
const R_REJECT_REMOTE = /Rejected association for remote AET (.+?) on IP (\S+)\s*$/;
const R_REJECT_CALLED = /Rejected association, because of a bad called AET in the request \((.*)\)\s*$/;
const R_AUTH = /DICOM authorization rejected for AET (.+?) on IP (\S+?):\s{1,2}\S/;
const R_REQUEST = /Incoming (\w+) request from AET (.+?)(?: on IP (\S+), calling AET (.+?))?\s*$/;
const R_REQUEST_REJECTED = /Rejected (\w+) request from remote DICOM modality with AET "([^"]*)" and hostname "([^"]*)"/;
const R_LISTEN = /DICOM server listening (?:with AET (\S+) )?on port: (\d+)/;

interface Pending {
  calling: string | null;
  address: string | null;
  called: string | null;
  at: number | null;
}

const MAX_PENDING = 256;

export function orthancParser(out: PeerCollector): LineParser {
  let port: number | null = null;
  let serverAe: string | null = null;
  const pending: Pending[] = [];
  const lastAddress = new Map<string, string>();
  let unresolved = 0;

  const emit = (p: Pending, accepted: boolean, at: number | null, op?: ReturnType<typeof operationOf>, count = 1): void => {
    if (p.calling && p.address) {
      if (lastAddress.size > 4096) lastAddress.clear();
      lastAddress.set(p.calling, p.address);
    }
    out.add({ host: null, port, calledAe: p.called ?? serverAe, callingAe: p.calling, address: p.address, accepted, at: at ?? p.at, operations: op ? [op] : [], count });
  };
  const take = (calling: string | null, address: string | null): Pending | undefined => {
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i]!;
      if (p.calling === calling && p.address === address) {
        pending.splice(i, 1);
        return p;
      }
    }
    return undefined;
  };
  const push = (p: Pending): void => {
    if (pending.length >= MAX_PENDING) {
      pending.shift();
      unresolved++;
    }
    pending.push(p);
  };

  return {
    feed(line, time): Feed {
      if (!line.includes('AET') && !line.includes('listening')) return 'ignored';
      let m: RegExpExecArray | null;
      if (line.includes('Association Received from AET')) {
        if (!(m = R_RECEIVED.exec(line))) return { malformed: MALFORMED_CUT };
        // An empty title: a TCP connection that closed before any A-ASSOCIATE-RQ (a port check).
        if (m[1]!.trim() === '') return 'understood';
        push({ calling: cleanAe(m[1]), address: cleanAddress(m[2]), called: null, at: time() });
        return 'understood';
      }
      if (line.includes('Incoming connection from AET')) {
        if (!(m = R_INCOMING.exec(line))) return { malformed: MALFORMED_CUT };
        const calling = cleanAe(m[1]);
        const address = cleanAddress(m[2]);
        const p = pending.findLast((x) => x.calling === calling && x.address === address && x.called === null);
        if (p) p.called = cleanAe(m[3]);
        else push({ calling, address, called: cleanAe(m[3]), at: time() });
        return 'understood';
      }
      if (line.includes('Association Acknowledged') && line.includes(' to AET ')) {
        if (!(m = R_ACK.exec(line))) return { malformed: MALFORMED_CUT };
        const calling = cleanAe(m[1]);
        const address = cleanAddress(m[2]);
        emit(take(calling, address) ?? { calling, address, called: null, at: null }, true, time());
        return 'understood';
      }
      if (line.includes('Rejected association for remote AET')) {
        if (!(m = R_REJECT_REMOTE.exec(line))) return { malformed: MALFORMED_CUT };
        const calling = cleanAe(m[1]);
        const address = cleanAddress(m[2]);
        emit(take(calling, address) ?? { calling, address, called: null, at: null }, false, time());
        return 'understood';
      }
      if (line.includes('because of a bad called AET')) {
        if (!(m = R_REJECT_CALLED.exec(line))) return { malformed: MALFORMED_CUT };
        const p = pending.findLast((x) => x.called === null);
        if (!p) return { malformed: 'a refused called AE with no association before it' };
        pending.splice(pending.indexOf(p), 1);
        p.called = cleanAe(m[1]);
        emit(p, false, time());
        return 'understood';
      }
      if (line.includes('DICOM authorization rejected for AET')) {
        if (!(m = R_AUTH.exec(line))) return { malformed: MALFORMED_CUT };
        const calling = cleanAe(m[1]);
        const address = cleanAddress(m[2]);
        // "...: The DICOM command Store is not allowed for this modality": the request kind only.
        const op = /: The DICOM command (\w+) is not allowed/.exec(line);
        emit(take(calling, address) ?? { calling, address, called: null, at: null }, false, time(), op ? operationOf(op[1]!) : undefined);
        return 'understood';
      }
      if (line.includes('request from remote DICOM modality')) {
        if (!(m = R_REQUEST_REJECTED.exec(line))) return { malformed: MALFORMED_CUT };
        const calling = cleanAe(m[2]);
        const address = cleanAddress(m[3]);
        const open = take(calling, address);
        if (open) emit(open, true, null, undefined, 1);
        emit({ calling, address, called: open?.called ?? null, at: null }, false, time(), operationOf(m[1]!), open ? 0 : 1);
        return 'understood';
      }
      if (line.includes('Incoming ') && line.includes(' request from AET ')) {
        if (!(m = R_REQUEST.exec(line))) return { malformed: MALFORMED_CUT };
        const calling = cleanAe(m[2]);
        const address = m[3] !== undefined ? cleanAddress(m[3]) : calling ? (lastAddress.get(calling) ?? null) : null;
        const open = take(calling, address);
        const called = m[4] !== undefined ? cleanAe(m[4]) : (open?.called ?? null);
        if (open) emit({ ...open, called }, true, null);
        emit({ calling, address, called, at: null }, true, time(), operationOf(m[1]!), open ? 0 : m[3] === undefined ? 1 : 0);
        return 'understood';
      }
      if (line.includes('DICOM server listening')) {
        if (!(m = R_LISTEN.exec(line))) return { malformed: MALFORMED_CUT };
        port = Number(m[2]);
        serverAe = cleanAe(m[1]) ?? serverAe;
        return 'understood';
      }
      return 'ignored';
    },
    end() {
      const n = pending.length + unresolved;
      pending.length = 0;
      return n > 0 ? [`${n} association(s) whose outcome is not in the log (the file ends, or was cut, before it): not counted`] : [];
    },
  };
}
