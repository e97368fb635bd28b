/**
 * Fixing one server: its checklist (playbooks rendered by main with this server's
 * values), the saved state of steps and attestations, and re-checks (verifications).
 * Everything persists in the database; this slice only holds what is on screen.
 */
import type { StateCreator } from 'zustand';
import type { ManualCheckId } from '../../shared/catalog';
import type { RenderedChecklist, VariantId } from '../../shared/playbooks/types';
import type { ChecklistView, ServerRef, Verification } from '../../shared/remediation';
import { serverKey } from '../../shared/remediation';
import { call } from '../bridge';
import type { AppState } from './index';
import { afterChecklistChange } from './refresh';
import { readRemembered, remember } from './remembered';
import {
  DEFAULT_PLATFORM,
  chooseVariants,
  isCurrentRun,
  isPlatform,
  isVerifying,
  resumedVerify,
  vendorChoices,
  VERIFY_IDLE,
  verifyFailed,
  type VerifyRun,
  type VerifyState,
} from './selectors/remediation';
import type { LoadStatus } from './servers';

/** Something loaded from main, with how that went. */
export interface Loadable<T> {
  status: LoadStatus;
  data: T | null;
  /** Why it failed, in words. */
  error: string | null;
}

export function idle<T>(): Loadable<T> {
  return { status: 'idle', data: null, error: null };
}

export interface RemediationSlice {
  fix: {
    /** The server being fixed; null before "Fix this server" was chosen. */
    server: ServerRef | null;
    playbook: Loadable<RenderedChecklist>;
    checklist: Loadable<ChecklistView>;
    /** Step ids and manual check ids whose change is being saved. */
    saving: string[];
    /** Why the last change was not saved. */
    saveError: string | null;
    /** The product whose fix is shown; set to the likely one when the checklist loads, per server. */
    vendor: VariantId | null;
    /** Where firewall rules go. */
    platform: VariantId;
    verify: VerifyState;
    /** The verification shown in full: the latest, or one picked from the history. */
    shown: Verification | null;
    /** This server's verifications, newest first. */
    history: Loadable<Verification[]>;
  };
  /** Opens the Fix & verify screen for a server and loads it. */
  openRemediation: (server: ServerRef) => void;
  loadRemediation: () => Promise<void>;
  /** Marks a step done or not done; false when it was not saved (see saveError). */
  /** `acknowledge` (issue 14): the peers a step cuts off that the admin acknowledged. */
  setStep: (stepId: string, done: boolean, note: string, acknowledge?: Array<{ callingAe: string; address: string | null }>) => Promise<boolean>;
  attest: (id: ManualCheckId, attested: boolean, note: string) => Promise<boolean>;
  verifyServer: () => Promise<void>;
  /** Asks main to stop the running re-check; its own answer then says `cancelled` (or its result, had it just ended). */
  cancelVerify: () => Promise<void>;
  showVerification: (id: string) => void;
  chooseVendor: (id: VariantId) => void;
  dismissSaveError: () => void;
  choosePlatform: (id: VariantId) => void;
}

function rememberedPlatform(): VariantId {
  const p = readRemembered('platform');
  return isPlatform(p) ? p : DEFAULT_PLATFORM;
}

export const createRemediationSlice: StateCreator<AppState, [], [], RemediationSlice> = (set, get) => {
  const same = (server: ServerRef): boolean => {
    const current = get().fix.server;
    return current !== null && serverKey(current) === serverKey(server);
  };
  const patch = (p: Partial<AppState['fix']>): void => set((s) => ({ fix: { ...s.fix, ...p } }));
  /** Re-checks in flight, by server: one runs on while another server is open, and shows again (cancellable) when its server is reopened. */
  const inFlight = new Map<string, VerifyRun>();

  /** Who is acting, or a message saying to fill it in. */
  const operator = (): { ok: true; name: string } | { ok: false } => {
    const name = get().operatorName.trim();
    if (name) return { ok: true, name };
    patch({ saveError: 'Enter your name under "Who is doing this" first: every step and attestation records who did it.' });
    return { ok: false };
  };

  const loadHistory = async (server: ServerRef): Promise<void> => {
    set((s) => ({ fix: { ...s.fix, history: { ...s.fix.history, status: 'loading', error: null } } }));
    const r = await call((api) => api.remediation.verifications(server));
    if (!same(server)) return;
    if (r.ok) {
      set((s) => ({
        fix: {
          ...s.fix,
          history: { status: 'ready', data: r.value, error: null },
          // After a reload the latest verification is shown again.
          shown: s.fix.shown ?? r.value[0] ?? null,
        },
      }));
    } else set((s) => ({ fix: { ...s.fix, history: { ...s.fix.history, status: 'error', error: r.error.message } } }));
  };

  return {
    fix: {
      server: null,
      playbook: idle(),
      checklist: idle(),
      saving: [],
      saveError: null,
      vendor: null,
      platform: rememberedPlatform(),
      verify: VERIFY_IDLE,
      shown: null,
      history: idle(),
    },

    openRemediation: (server) => {
      if (!same(server)) {
        patch({
          server,
          playbook: idle(),
          checklist: idle(),
          saving: [],
          saveError: null,
          shown: null,
          history: idle(),
          // Each server gets the product its own scan saw.
          vendor: null,
          // The re-check state is the shown server's: another server's (running, failed or cancelled) keeps it to itself.
          verify: resumedVerify(inFlight.get(serverKey(server))),
        });
      }
      set({ view: 'remediation' });
      void get().loadRemediation();
    },

    loadRemediation: async () => {
      const server = get().fix.server;
      if (!server) return;
      set((s) => ({
        fix: {
          ...s.fix,
          playbook: { ...s.fix.playbook, status: 'loading', error: null },
          checklist: { ...s.fix.checklist, status: 'loading', error: null },
        },
      }));
      const [pb, cl] = await Promise.all([
        call((api) => api.remediation.playbook({ host: server.host, port: server.port })),
        call((api) => api.remediation.checklist(server)),
      ]);
      if (!same(server)) return;
      set((s) => {
        // First shown: the product whose step was ticked last, else the one the scan suggests (as main counts it).
        const vendor = pb.ok && (s.fix.vendor === null || !vendorChoices(pb.value).some((o) => o.id === s.fix.vendor)) ? chooseVariants(pb.value, cl.ok ? cl.value.checklist.steps : []).vendor : s.fix.vendor;
        return {
          fix: {
            ...s.fix,
            vendor,
            playbook: pb.ok ? { status: 'ready', data: pb.value, error: null } : { status: 'error', data: null, error: pb.error.message },
            checklist: cl.ok ? { status: 'ready', data: cl.value, error: null } : { status: 'error', data: null, error: cl.error.message },
          },
        };
      });
      void loadHistory(server);
    },

    setStep: async (stepId, done, note, acknowledge) => {
      const server = get().fix.server;
      const who = operator();
      if (!server || !who.ok) return false;
      set((s) => ({ fix: { ...s.fix, saving: [...s.fix.saving, stepId], saveError: null } }));
      const r = await call((api) => api.remediation.setStep({ host: server.host, port: server.port, stepId, done, by: who.name, note: note.trim(), ...(acknowledge ? { acknowledgeCutOff: acknowledge } : {}) }));
      if (!same(server)) return false;
      set((s) => ({
        fix: {
          ...s.fix,
          saving: s.fix.saving.filter((x) => x !== stepId),
          ...(r.ok ? { checklist: { status: 'ready' as const, data: r.value, error: null } } : { saveError: `The step was not saved: ${r.error.message}` }),
        },
      }));
      if (r.ok) afterChecklistChange(get);
      return r.ok;
    },

    attest: async (id, attested, note) => {
      const server = get().fix.server;
      const who = operator();
      if (!server || !who.ok) return false;
      if (note.trim() === '') {
        patch({ saveError: 'Say in the note what you checked: an attestation without a note proves nothing.' });
        return false;
      }
      set((s) => ({ fix: { ...s.fix, saving: [...s.fix.saving, id], saveError: null } }));
      const r = await call((api) => api.remediation.attest({ host: server.host, port: server.port, id, attested, by: who.name, note: note.trim() }));
      if (!same(server)) return false;
      set((s) => ({
        fix: {
          ...s.fix,
          saving: s.fix.saving.filter((x) => x !== id),
          ...(r.ok ? { checklist: { status: 'ready' as const, data: r.value, error: null } } : { saveError: `The attestation was not saved: ${r.error.message}` }),
        },
      }));
      if (r.ok) afterChecklistChange(get);
      return r.ok;
    },

    verifyServer: async () => {
      const { server, verify } = get().fix;
      if (!server || isVerifying(verify)) return;
      const runId = crypto.randomUUID();
      const startedAt = Date.now();
      const key = serverKey(server);
      inFlight.set(key, { runId, startedAt });
      patch({ verify: { ...VERIFY_IDLE, status: 'running', startedAt, runId } });
      const r = await call((api) => api.remediation.verify({ host: server.host, port: server.port, runId }));
      if (inFlight.get(key)?.runId === runId) inFlight.delete(key);
      // Another server is on screen, or this one's state belongs to another re-check now.
      if (!same(server) || !isCurrentRun(get().fix.verify, runId)) return;
      if (!r.ok) {
        // Cancelled: main stored nothing; the screen says so in its own words.
        patch({ verify: verifyFailed(r.error) });
        return;
      }
      // The record carries both full observations; the screen needs the comparison only.
      const { beforeService: _b, afterService: _a, ...verification } = r.value;
      set((s) => ({
        fix: {
          ...s.fix,
          verify: VERIFY_IDLE,
          shown: verification,
          history: { status: 'ready', data: [verification, ...(s.fix.history.data ?? []).filter((v) => v.id !== verification.id)], error: null },
        },
      }));
      // Window progress counts verifications: keep an open window's view current.
      void get().refreshMaintenanceWindow();
    },

    cancelVerify: async () => {
      const { server, verify } = get().fix;
      if (!server || verify.status !== 'running' || verify.runId === null) return;
      const { runId } = verify;
      patch({ verify: { ...verify, status: 'cancelling', cancelError: null } });
      const r = await call((api) => api.remediation.cancelVerify({ host: server.host, port: server.port, runId }));
      const now = get().fix.verify;
      if (!same(server) || now.runId !== runId || now.status !== 'cancelling') return;
      // `cancelled: false`: it had just ended, and its own answer (the result) is on its way.
      if (!r.ok) patch({ verify: { ...now, status: 'running', cancelError: r.error.message } });
    },

    showVerification: (id) => {
      const v = get().fix.history.data?.find((x) => x.id === id);
      if (v) patch({ shown: v });
    },

    chooseVendor: (id) => patch({ vendor: id }),
    dismissSaveError: () => patch({ saveError: null }),
    choosePlatform: (id) => {
      remember('platform', id);
      patch({ platform: id });
    },
  };
};
