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
import { readRemembered, remember } from './remembered';
import { DEFAULT_PLATFORM, defaultVendor, isPlatform, vendorChoices } from './selectors/remediation';
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
    verify: {
      status: 'idle' | 'running' | 'error';
      /** `Date.now()` when the running re-check started (for the elapsed time). */
      startedAt: number | null;
      error: string | null;
    };
    /** The verification shown in full: the latest, or one picked from the history. */
    shown: Verification | null;
    /** This server's verifications, newest first. */
    history: Loadable<Verification[]>;
  };
  /** Opens the Fix & verify screen for a server and loads it. */
  openRemediation: (server: ServerRef) => void;
  loadRemediation: () => Promise<void>;
  /** Marks a step done or not done; false when it was not saved (see saveError). */
  setStep: (stepId: string, done: boolean, note: string) => Promise<boolean>;
  attest: (id: ManualCheckId, attested: boolean, note: string) => Promise<boolean>;
  verifyServer: () => Promise<void>;
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
      verify: { status: 'idle', startedAt: null, error: null },
      shown: null,
      history: idle(),
    },

    openRemediation: (server) => {
      if (!same(server)) {
        const running = get().fix.verify.status === 'running';
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
          // A re-check of another server still running keeps its own result to itself.
          verify: running ? { status: 'idle', startedAt: null, error: null } : get().fix.verify,
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
        const vendor = pb.ok && (s.fix.vendor === null || !vendorChoices(pb.value).some((o) => o.id === s.fix.vendor)) ? defaultVendor(pb.value) : s.fix.vendor;
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

    setStep: async (stepId, done, note) => {
      const server = get().fix.server;
      const who = operator();
      if (!server || !who.ok) return false;
      set((s) => ({ fix: { ...s.fix, saving: [...s.fix.saving, stepId], saveError: null } }));
      const r = await call((api) => api.remediation.setStep({ host: server.host, port: server.port, stepId, done, by: who.name, note: note.trim() }));
      if (!same(server)) return false;
      set((s) => ({
        fix: {
          ...s.fix,
          saving: s.fix.saving.filter((x) => x !== stepId),
          ...(r.ok ? { checklist: { status: 'ready' as const, data: r.value, error: null } } : { saveError: `The step was not saved: ${r.error.message}` }),
        },
      }));
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
      return r.ok;
    },

    verifyServer: async () => {
      const { server, verify } = get().fix;
      if (!server || verify.status === 'running') return;
      patch({ verify: { status: 'running', startedAt: Date.now(), error: null } });
      const r = await call((api) => api.remediation.verify({ host: server.host, port: server.port }));
      if (!same(server)) return;
      if (!r.ok) {
        patch({ verify: { status: 'error', startedAt: null, error: r.error.message } });
        return;
      }
      // The record carries both full observations; the screen needs the comparison only.
      const { beforeService: _b, afterService: _a, ...verification } = r.value;
      set((s) => ({
        fix: {
          ...s.fix,
          verify: { status: 'idle', startedAt: null, error: null },
          shown: verification,
          history: { status: 'ready', data: [verification, ...(s.fix.history.data ?? []).filter((v) => v.id !== verification.id)], error: null },
        },
      }));
      // Window progress counts verifications: keep an open window's view current.
      void get().refreshWindow();
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
