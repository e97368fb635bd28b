/**
 * C-FIND, C-GET and C-MOVE requests that cannot match anything, sent over an
 * accepted association, with the answer reduced to what the judgement needs: the
 * final status, or the A-ABORT / close / timeout that came instead. Identifiers a
 * peer returns are counted and dropped unread; after the first one the association
 * is aborted, so a misbehaving server cannot stream data to us.
 */
import type { Outcome } from '../net-types';
import type { UlLink } from './link';
import { buildAbort, buildPData, parseAbort, parsePData, PDU } from './pdu';
import { classifyStatus, COMMAND, encodeRequestCommand, parseCommand, type RequestCommand, statusWords } from './dimse-codec';
import { decodeAbort, type DecodedAbort } from './reject-reasons';

/** Largest command set accepted from a peer, bytes (real ones are under 300). */
const MAX_COMMAND_BYTES = 64 * 1024;
/** Data set bytes tolerated before the association is aborted (an identifier is a few hundred bytes; nothing is kept). */
const MAX_DATASET_BYTES = 1024 * 1024;
/** Pending responses tolerated before giving up (a zero-match request should have none). */
const MAX_PENDING = 32;

/** The answer to one DIMSE request (plain JSON, evidence of query/retrieve checks). */
export interface DimseAnswer {
  /** `success` = a final DIMSE response arrived (whatever its status); otherwise why none did. */
  outcome: Outcome;
  /** One line in words. */
  detail: string;
  /** Final status, when a response arrived. */
  status?: number;
  /** e.g. "0xA801 Refused: Move destination unknown". */
  statusText?: string;
  /** Pending responses seen before the end. */
  pendingResponses: number;
  /** Identifiers (matches) the peer returned: counted, never kept. */
  identifiersReturned: number;
  /** True when we aborted the association ourselves (data started to flow, or the peer misbehaved). */
  abortedByUs?: boolean;
  abort?: DecodedAbort;
  errorComment?: string;
  subOperations?: { remaining?: number; completed?: number; failed?: number; warning?: number };
}

const RESPONSE_FOR: Record<RequestCommand['command'], number> = {
  [COMMAND.C_FIND_RQ]: COMMAND.C_FIND_RSP,
  [COMMAND.C_GET_RQ]: COMMAND.C_GET_RSP,
  [COMMAND.C_MOVE_RQ]: COMMAND.C_MOVE_RSP,
};

/**
 * Send one request (command + identifier) on presentation context `contextId` and
 * wait for its final response. Every wait is bounded by the link (reply timeout,
 * deadline, signal). The link stays open unless the answer ended it.
 */
export async function sendRequest(link: UlLink, contextId: number, request: RequestCommand, identifier: Buffer): Promise<DimseAnswer> {
  const answer: DimseAnswer = { outcome: 'success', detail: '', pendingResponses: 0, identifiersReturned: 0 };
  const stop = (outcome: Outcome, detail: string, abortByUs = false): DimseAnswer => {
    answer.outcome = outcome;
    answer.detail = detail;
    if (abortByUs) {
      answer.abortedByUs = true;
      link.send(buildAbort());
      link.destroy('aborted by Collimator');
    }
    return answer;
  };
  link.send(Buffer.concat([
    buildPData([{ contextId, command: true, last: true, data: encodeRequestCommand(request) }]),
    buildPData([{ contextId, command: false, last: true, data: identifier }]),
  ]));

  const expected = RESPONSE_FOR[request.command];
  let command: Buffer[] = [];
  let commandBytes = 0;
  let inDataset = false;
  // A final C-GET/C-MOVE response may carry a data set (the failed SOP Instance list): read past it so the link can carry the next request.
  let finalWithDataset = false;
  let datasetBytes = 0;
  for (;;) {
    const ev = await link.next();
    if (ev.kind === 'end') return stop(ev.end.outcome, `no final response: ${ev.end.detail}`);
    const { type, body } = ev.pdu;
    if (type === PDU.ABORT) {
      const ab = parseAbort(body);
      link.destroy();
      if (!ab.ok) return stop('protocol-error', `malformed A-ABORT: ${ab.error}`);
      answer.abort = decodeAbort(ab.value.source, ab.value.reason);
      return stop('association-aborted', `the peer answered with ${answer.abort.text}`);
    }
    if (type === PDU.RELEASE_RQ) {
      link.destroy();
      return stop('connection-closed', 'the peer asked to release the association instead of answering');
    }
    if (type !== PDU.P_DATA_TF) return stop('protocol-error', `unexpected PDU type 0x${type.toString(16)} while waiting for a response`, true);
    const pdvs = parsePData(body);
    if (!pdvs.ok) return stop('protocol-error', `malformed P-DATA-TF: ${pdvs.error}`, true);
    for (const pdv of pdvs.value) {
      if (!pdv.command) {
        if (!inDataset) return stop('protocol-error', 'data set fragment without a command announcing it', true);
        datasetBytes += pdv.data.length;
        if (datasetBytes > MAX_DATASET_BYTES) return stop('protocol-error', `data set over ${MAX_DATASET_BYTES} bytes; association aborted`, true);
        // Identifier bytes are never looked at, only counted as one match when complete.
        if (pdv.last) {
          if (finalWithDataset) return stop('success', `answered ${answer.statusText ?? ''}`);
          answer.identifiersReturned++;
          return stop('success', `the peer started returning matches (${answer.identifiersReturned}); association aborted, nothing kept`, true);
        }
        continue;
      }
      commandBytes += pdv.data.length;
      if (commandBytes > MAX_COMMAND_BYTES) return stop('protocol-error', `command set over ${MAX_COMMAND_BYTES} bytes`, true);
      command.push(pdv.data);
      if (!pdv.last) continue;
      const parsed = parseCommand(Buffer.concat(command));
      command = [];
      commandBytes = 0;
      if (!parsed.ok) return stop('protocol-error', `malformed response command: ${parsed.error}`, true);
      const rsp = parsed.value;
      if (rsp.commandField !== expected) {
        // e.g. a C-STORE-RQ sub-operation of a C-GET: never accept data, end the association.
        return stop('protocol-error', `the peer sent command 0x${rsp.commandField.toString(16)} instead of a response; association aborted`, true);
      }
      if (rsp.status === undefined) return stop('protocol-error', 'response without a Status (0000,0900)', true);
      answer.status = rsp.status;
      answer.statusText = statusWords(rsp.status);
      if (rsp.errorComment) answer.errorComment = rsp.errorComment;
      if (rsp.subOperations) answer.subOperations = rsp.subOperations;
      if (classifyStatus(rsp.status) === 'pending') {
        answer.pendingResponses++;
        if (answer.pendingResponses > MAX_PENDING) return stop('success', `more than ${MAX_PENDING} pending responses; association aborted`, true);
        inDataset = rsp.hasDataset;
        continue;
      }
      if (rsp.hasDataset) {
        inDataset = true;
        finalWithDataset = true;
        continue;
      }
      return stop('success', `answered ${answer.statusText}`);
    }
  }
}
