/**
 * Can an unknown calling AE open an association at all? Decided from the
 * identification attempts, so the query, retrieve and store probes do not repeat
 * association attempts that already answered the question. Pure.
 */
import type { AssociationRecord } from './association';
import { type DicomIdentification, isCallerRefused, isTransient, preferredAccepted } from './identification';

export type Gate =
  /** An association from the unknown calling AE was accepted; `attempt` names the called AE to use. */
  | { kind: 'accepted'; attempt: AssociationRecord }
  /** The unknown calling AE was refused: "calling AE not recognized", or a permanent rejection while the called AE was the user's/inventory's. */
  | { kind: 'refused'; attempt: AssociationRecord; why: string }
  /** No conclusion (no accepted called AE title, a transient rejection, a timeout...). */
  | { kind: 'undetermined'; why: string };

export function accessGate(id: DicomIdentification): Gate {
  const accepted = preferredAccepted(id.attempts);
  if (accepted) return { kind: 'accepted', attempt: accepted };
  const refusedCaller = id.attempts.find(isCallerRefused);
  if (refusedCaller) return { kind: 'refused', attempt: refusedCaller, why: `${refusedCaller.detail} (called AE ${refusedCaller.calledAe})` };
  const knownRefused = id.attempts.find(
    (r) => (r.calledAeSource === 'user' || r.calledAeSource === 'inventory') && r.outcome === 'association-rejected' && !isTransient(r),
  );
  if (knownRefused) {
    return {
      kind: 'refused',
      attempt: knownRefused,
      why: `${knownRefused.detail}, although the called AE ${knownRefused.calledAe} comes from the ${knownRefused.calledAeSource === 'user' ? 'user' : 'inventory'}`,
    };
  }
  const transient = id.attempts.find(isTransient);
  if (transient) return { kind: 'undetermined', why: `the server is refusing associations for now (${transient.detail}); try again later` };
  const last = id.attempts[id.attempts.length - 1];
  if (last && last.outcome !== 'association-rejected') return { kind: 'undetermined', why: last.detail };
  const tried = id.attempts.map((r) => r.calledAe).join(', ');
  return {
    kind: 'undetermined',
    why: `no called AE title was accepted (tried ${tried || 'none'}); give the server's AE title with --called-ae AE@HOST:PORT or an inventory`,
  };
}
