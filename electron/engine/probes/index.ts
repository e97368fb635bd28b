/** The probe registry: every probe, in the order they run against one service. */
import type { Probe } from '../types';

export const PROBES: readonly Probe[] = [
  // DICOM probes (electron/engine/probes/dicom-*.ts) go here.
  // TLS and web probes go here.
  // Exposure probe goes here.
];
