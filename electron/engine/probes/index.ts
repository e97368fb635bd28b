/** The probe registry: every probe, in the order they run against one service. */
import type { Probe } from '../types';
import { exposureProbe } from './exposure';
import { dicomCalledAeProbe } from './dicom-called-ae';
import { dicomCallingAeProbe } from './dicom-calling-ae';
import { dicomDetectedProbe } from './dicom-detected';
import { dicomPlaintextProbe } from './dicom-plaintext';
import { dicomQueryProbe } from './dicom-query';
import { dicomRetrieveProbe } from './dicom-retrieve';
import { dicomStoreProbe } from './dicom-store';
import { tlsHandshakeProbe } from './tls-handshake';
import { tlsClientAuthProbe } from './tls-client-auth';
import { tlsDowngradeProbe } from './tls-downgrade';
import { tlsSuitesProbe } from './tls-suites';
import { webInterfaceProbe } from './web-interface';
import { webDefaultCredentialsProbe } from './web-default-credentials';

export const PROBES: readonly Probe[] = [
  // Exposure first: it sends nothing, so a service whose later probes overrun the
  // deadline still gets its reachability verdict.
  exposureProbe,
  // DICOM (dicom-*.ts). The first five judge identification's associations (no traffic of their own);
  // query and retrieve then send one request each that cannot match.
  dicomDetectedProbe,
  dicomPlaintextProbe,
  dicomCallingAeProbe,
  dicomCalledAeProbe,
  dicomStoreProbe,
  dicomQueryProbe,
  dicomRetrieveProbe,
  // TLS (tls-*.ts), then web (web-*.ts).
  tlsDowngradeProbe,
  tlsHandshakeProbe,
  tlsClientAuthProbe,
  webInterfaceProbe,
  webDefaultCredentialsProbe,
  // Suite enumeration last (issue 15): the costliest TLS step, easy to leave out.
  tlsSuitesProbe,
];
