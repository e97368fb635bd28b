/**
 * A dcmjs-dimse SCP that plays one practice profile, behind our own loopback
 * listener.
 *
 * dcmjs-dimse's Server.listen(port) binds every address, which a security
 * tool must never do for a deliberately weak server. So its Server is not used:
 * electron/practice-lab/loopback.ts binds a plain net.Server to 127.0.0.1 and each
 * accepted socket is handed to `new Scp(socket, opts)`, exactly what Server
 * does internally, with limits added (idle timeouts, a byte cap, a connection cap).
 */
import { Writable } from 'node:stream';
import type { Socket } from 'node:net';
import dimse from 'dcmjs-dimse';
import {
  acceptsContext,
  decideAssociation,
  findStatus,
  getStatus,
  moveStatus,
  pickTransferSyntax,
  STATUS,
  type ScpProfile,
} from './profiles';

const { Scp, Dataset, Implementation, constants, responses } = dimse;
type Association = InstanceType<typeof dimse.association.Association>;
type PresentationContext = InstanceType<typeof dimse.association.PresentationContext>;
type Requests = typeof dimse.requests;

/** Implementation Class UID every practice server announces (a fixed UUID-derived 2.25 UID). */
export const LAB_IMPLEMENTATION_CLASS_UID = '2.25.163470281773235896252038312773576535798';
/** Implementation Version Name every practice server announces. */
export const LAB_IMPLEMENTATION_VERSION = 'COLLIMATOR_LAB';

/** Limits on one connection, so a hostile or stuck peer cannot hold the lab. */
export const SCP_LIMITS = {
  /** Socket idle timeout, ms. */
  idleMs: 20_000,
  /** Time allowed between connect and the A-ASSOCIATE-RQ, ms. */
  associationMs: 10_000,
  /** Time allowed between PDUs once associated, ms. */
  pduMs: 20_000,
  /** Bytes one connection may send in all; more is not a scan, so it is cut off. */
  maxBytes: 8 * 1024 * 1024,
  /** Delay before closing our side after a reject or a release, ms (lets the peer read it). */
  closeAfterMs: 500,
} as const;

/** Run `fn` with the lab's implementation identity, then put the previous one back. */
function withLabIdentity(fn: () => void): void {
  // Implementation is process-wide and a scanner may share this process: set it
  // only for the synchronous write of one A-ASSOCIATE-AC.
  const uid = Implementation.getImplementationClassUid();
  const version = Implementation.getImplementationVersion();
  Implementation.setImplementationClassUid(LAB_IMPLEMENTATION_CLASS_UID);
  Implementation.setImplementationVersion(LAB_IMPLEMENTATION_VERSION);
  try {
    fn();
  } finally {
    Implementation.setImplementationClassUid(uid);
    Implementation.setImplementationVersion(version);
  }
}

/** A writable that throws away what it is given: the lab never keeps received data. */
function discardStream(): Writable {
  return new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
}

/** The fields of dcmjs-dimse's Network that its Server sets on accepted sockets (not in its .d.ts). */
interface NetworkState {
  connected: boolean;
  connectedTime: number | undefined;
}

/** Hand an accepted socket to a new SCP playing `profile`. */
export function attachScp(socket: Socket, profile: ScpProfile): void {
  const closeSoon = (): void => {
    setTimeout(() => socket.destroy(), SCP_LIMITS.closeAfterMs).unref();
  };

  class PracticeScp extends Scp {
    override associationRequested(association: Association): void {
      const decision = decideAssociation(profile, association.getCallingAeTitle(), association.getCalledAeTitle());
      if (!decision.accept) {
        this.sendAssociationReject(decision.result, decision.source, decision.reason);
        closeSoon();
        return;
      }
      for (const { id } of association.getPresentationContexts()) {
        const ctx: PresentationContext = association.getPresentationContext(id);
        const ts = pickTransferSyntax(ctx.getTransferSyntaxUids());
        if (!acceptsContext(profile, ctx.getAbstractSyntaxUid())) {
          ctx.setResult(constants.PresentationContextResult.RejectAbstractSyntaxNotSupported);
        } else if (ts === undefined) {
          ctx.setResult(constants.PresentationContextResult.RejectTransferSyntaxesNotSupported);
        } else {
          ctx.setResult(constants.PresentationContextResult.Accept, ts);
        }
      }
      withLabIdentity(() => this.sendAssociationAccept());
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
      closeSoon();
    }

    override cEchoRequest(
      request: InstanceType<Requests['CEchoRequest']>,
      callback: (r: InstanceType<typeof responses.CEchoResponse>) => void,
    ): void {
      const res = responses.CEchoResponse.fromRequest(request);
      res.setStatus(STATUS.success);
      callback(res);
    }

    override cFindRequest(
      request: InstanceType<Requests['CFindRequest']>,
      callback: (r: Array<InstanceType<typeof responses.CFindResponse>>) => void,
    ): void {
      // Never a match: the lab holds no data, and a scan must not read any.
      const res = responses.CFindResponse.fromRequest(request);
      res.setStatus(findStatus(profile));
      callback([res]);
    }

    override cMoveRequest(
      request: InstanceType<Requests['CMoveRequest']>,
      callback: (r: Array<InstanceType<typeof responses.CMoveResponse>>) => void,
    ): void {
      const res = responses.CMoveResponse.fromRequest(request);
      res.setStatus(moveStatus(profile));
      callback([res]);
    }

    override cGetRequest(
      request: InstanceType<Requests['CGetRequest']>,
      callback: (r: Array<InstanceType<typeof responses.CGetResponse>>) => void,
    ): void {
      const res = responses.CGetResponse.fromRequest(request);
      res.setStatus(getStatus(profile));
      callback([res]);
    }

    override createStoreWritableStream(): Writable {
      return discardStream();
    }

    override createDatasetFromStoreWritableStream(
      _writable: Writable,
      ctx: PresentationContext,
      callback: (dataset: InstanceType<typeof Dataset>) => void,
    ): void {
      callback(new Dataset({}, ctx.getAcceptedTransferSyntaxUid()));
    }

    override cStoreRequest(
      request: InstanceType<Requests['CStoreRequest']>,
      callback: (r: InstanceType<typeof responses.CStoreResponse>) => void,
    ): void {
      const res = responses.CStoreResponse.fromRequest(request);
      res.setStatus(STATUS.outOfResources);
      callback(res);
    }

    override cCancelRequest(): void {
      /* every answer is final at once: nothing to cancel */
    }

    override abort(): void {
      socket.destroy();
    }
  }

  const scp = new PracticeScp(socket, {
    connectTimeout: SCP_LIMITS.idleMs,
    associationTimeout: SCP_LIMITS.associationMs,
    pduTimeout: SCP_LIMITS.pduMs,
  });
  // dcmjs-dimse's Server marks server-side sockets connected; without the start
  // time its association timeout would never fire.
  const state = scp as unknown as NetworkState;
  state.connected = true;
  state.connectedTime = Date.now();
  // Malformed PDUs, timeouts and socket errors all arrive here: end the connection.
  scp.on('networkError', () => socket.destroy());

  let received = 0;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > SCP_LIMITS.maxBytes) socket.destroy();
  });
}
