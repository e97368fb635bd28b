/**
 * The real-peer harness: start and stop real DICOM servers on loopback.
 *
 *   const pacs = await startOrthanc({ preset: 'restricted' });
 *   try { ... pacs.host, pacs.port, pacs.aet ... } finally { await pacs.stop(); }
 *
 * Real-peer test files guard themselves with
 *   describe.skipIf(peerSkipReason('orthanc', 'dcmtk'))('...', () => { ... })
 * Every process started here is killed when the test process exits, even on failure.
 */
export type { PeerServer, PeerNeed } from './types';
export { peerSkipReason, whichBinary } from './skip';
export { freePort, freePorts, httpGet, tcpAccepts, waitUntil, LAB_HOST, type HttpAnswer } from './net';
export {
  startOrthanc,
  orthancPresetConfig,
  DICOMWEB_PLUGIN,
  ORTHANC_PEER_USER,
  DEFAULT_MODALITY,
  type OrthancPreset,
  type OrthancModality,
  type OrthancOptions,
  type OrthancServer,
} from './orthanc';
export {
  startStorescp,
  startDcmqrscp,
  dcmqrscpConfig,
  type StorescpOptions,
  type StorescpTls,
  type DcmqrscpAe,
  type DcmqrscpOptions,
} from './dcmtk';
export { killAllPeerProcesses, STOP_GRACE_MS } from './process';
export { stripJsonComments, parseJsonc } from './jsonc';
export { makeTestPki, type TestPki, type TestPkiOptions } from './certs';
