/**
 * Signed remediation records: the operators who can sign, review-then-sign for one
 * server, the records list, one record with its verification status, co-signing,
 * exports and checking an exported file. Signing, hashing and checking happen in main;
 * this slice holds what is on screen. Passphrases and key files pass through the sign,
 * co-sign and add-operator calls as arguments only: the slice never stores them.
 */
import type { StateCreator } from 'zustand';
import type { ServerRef } from '../../shared/remediation';
import type {
  OperatorView,
  RecordDetail,
  RecordListItem,
  RecordPreview,
  RecordPreviewRequest,
  RecordsExportFile,
  RecordsExportRequest,
  SignerSecret,
  VerifyReport,
} from '../../shared/records';
import { call } from '../bridge';
import type { AppState } from './index';
import { idle, type Loadable } from './remediation';
import { readRemembered, remember } from './remembered';
import { requestKey } from './selectors/records';

export interface RecordsSlice {
  records: {
    operators: Loadable<OperatorView[]>;
    /** Fingerprint of the operator chosen to sign (remembered on this computer). */
    signer: string;
    creatingOperator: boolean;
    operatorError: string | null;
    /** The server being signed off, and the record it corrects (if any). */
    signoff: { server: ServerRef; supersedes: string } | null;
    preview: Loadable<RecordPreview>;
    /** requestKey of the request the preview answers: another request needs a new review. */
    previewKey: string | null;
    signing: boolean;
    signError: string | null;
    list: Loadable<RecordListItem[]>;
    detail: Loadable<RecordDetail>;
    /** The record shown in detail. */
    detailId: string | null;
    cosigning: boolean;
    cosignError: string | null;
    /** The export running, if any. */
    exporting: RecordsExportRequest['format'] | null;
    exportError: string | null;
    /** The last exported file checked here. */
    fileCheck: { status: 'idle' | 'checking' | 'done' | 'error'; fileName: string | null; report: VerifyReport | null; error: string | null };
  };
  loadOperators: () => Promise<void>;
  chooseSigner: (fingerprint: string) => void;
  /** Adds an operator whose key this app keeps (under their passphrase and the keychain); null when refused (see operatorError). */
  createOperator: (name: string, role: string, passphrase: string) => Promise<OperatorView | null>;
  /** Adds the operator of a key file (its passphrase proves they hold it); null when refused (see operatorError). */
  registerKeyFile: (keyFile: string, passphrase: string) => Promise<OperatorView | null>;
  /** Opens the Sign-off screen for a server (optionally as a correction of a record). */
  openSignoff: (server: ServerRef, supersedes?: string) => void;
  previewRecord: (req: RecordPreviewRequest) => Promise<void>;
  /** Signs what was previewed, unlocking the signer's key with `secret` (sent, never kept); on success opens the new record. */
  signRecord: (req: RecordPreviewRequest, secret: SignerSecret) => Promise<boolean>;
  loadRecords: () => Promise<void>;
  openRecord: (id: string) => void;
  loadRecord: () => Promise<void>;
  cosignRecord: (operator: string, secret: SignerSecret) => Promise<boolean>;
  /** The exported file's content, or null (see exportError). */
  exportRecords: (req: RecordsExportRequest) => Promise<RecordsExportFile | null>;
  checkExportFile: (text: string, fileName: string) => Promise<void>;
}

export const createRecordsSlice: StateCreator<AppState, [], [], RecordsSlice> = (set, get) => {
  const patch = (p: Partial<AppState['records']>): void => set((s) => ({ records: { ...s.records, ...p } }));
  /** Adds an operator (a new app-held key or a key file); the list is reloaded, the error kept for the form. */
  const addOperator = async (fn: Parameters<typeof call<OperatorView>>[0]): Promise<OperatorView | null> => {
    patch({ creatingOperator: true, operatorError: null });
    const r = await call(fn);
    if (!r.ok) {
      patch({ creatingOperator: false, operatorError: r.error.message });
      return null;
    }
    patch({ creatingOperator: false });
    await get().loadOperators();
    return r.value;
  };

  return {
    records: {
      operators: idle(),
      signer: readRemembered('signer') ?? '',
      creatingOperator: false,
      operatorError: null,
      signoff: null,
      preview: idle(),
      previewKey: null,
      signing: false,
      signError: null,
      list: idle(),
      detail: idle(),
      detailId: null,
      cosigning: false,
      cosignError: null,
      exporting: null,
      exportError: null,
      fileCheck: { status: 'idle', fileName: null, report: null, error: null },
    },

    loadOperators: async () => {
      set((s) => ({ records: { ...s.records, operators: { ...s.records.operators, status: 'loading', error: null } } }));
      const r = await call((api) => api.operators.list());
      if (!r.ok) {
        set((s) => ({ records: { ...s.records, operators: { ...s.records.operators, status: 'error', error: r.error.message } } }));
        return;
      }
      const ops = r.value;
      // Keep the remembered signer only while this database knows them (app-held key or key file).
      const current = get().records.signer;
      const signer = ops.some((o) => o.fingerprint === current) ? current : (ops.find((o) => o.hasSealedKey)?.fingerprint ?? ops[0]?.fingerprint ?? '');
      patch({ operators: { status: 'ready', data: ops, error: null }, signer });
    },

    chooseSigner: (fingerprint) => {
      remember('signer', fingerprint);
      patch({ signer: fingerprint, preview: idle(), previewKey: null, signError: null });
    },

    createOperator: (name, role, passphrase) => addOperator((api) => api.operators.create({ name, role, passphrase })),

    registerKeyFile: (keyFile, passphrase) => addOperator((api) => api.operators.registerKeyFile({ keyFile, passphrase })),

    openSignoff: (server, supersedes = '') => {
      patch({ signoff: { server, supersedes }, preview: idle(), previewKey: null, signError: null });
      set({ view: 'signoff' });
      void get().loadOperators();
      void get().loadRecords();
    },

    previewRecord: async (req) => {
      const key = requestKey(req);
      patch({ preview: { ...get().records.preview, status: 'loading', error: null }, previewKey: key, signError: null });
      const r = await call((api) => api.records.preview(req));
      if (get().records.previewKey !== key) return;
      patch({ preview: r.ok ? { status: 'ready', data: r.value, error: null } : { status: 'error', data: null, error: r.error.message } });
    },

    signRecord: async (req, secret) => {
      if (get().records.signing) return false;
      if (get().records.previewKey !== requestKey(req) || get().records.preview.status !== 'ready') {
        patch({ signError: 'Review the record first: what you sign must be what you reviewed.' });
        return false;
      }
      const operator = req.operator;
      if (operator === undefined) {
        patch({ signError: 'Choose who signs, then review the record again.' });
        return false;
      }
      patch({ signing: true, signError: null });
      const r = await call((api) => api.records.signoff({ ...req, operator, ...secret }));
      if (!r.ok) {
        patch({ signing: false, signError: r.error.message });
        return false;
      }
      patch({ signing: false, preview: idle(), previewKey: null, detail: { status: 'ready', data: r.value, error: null }, detailId: r.value.id });
      set({ view: 'record' });
      void get().loadRecords();
      return true;
    },

    loadRecords: async () => {
      set((s) => ({ records: { ...s.records, list: { ...s.records.list, status: 'loading', error: null } } }));
      const r = await call((api) => api.records.list());
      if (r.ok) patch({ list: { status: 'ready', data: r.value, error: null } });
      else set((s) => ({ records: { ...s.records, list: { ...s.records.list, status: 'error', error: r.error.message } } }));
    },

    openRecord: (id) => {
      const same = get().records.detailId === id;
      patch({ detailId: id, detail: same ? get().records.detail : idle(), cosignError: null, exportError: null });
      set({ view: 'record' });
      void get().loadRecord();
      void get().loadOperators();
    },

    loadRecord: async () => {
      const id = get().records.detailId;
      if (!id) return;
      set((s) => ({ records: { ...s.records, detail: { ...s.records.detail, status: 'loading', error: null } } }));
      const r = await call((api) => api.records.get({ id }));
      if (get().records.detailId !== id) return;
      patch({ detail: r.ok ? { status: 'ready', data: r.value, error: null } : { status: 'error', data: null, error: r.error.message } });
    },

    cosignRecord: async (operator, secret) => {
      const id = get().records.detailId;
      if (!id || get().records.cosigning) return false;
      patch({ cosigning: true, cosignError: null });
      const r = await call((api) => api.records.cosign({ id, operator, ...secret }));
      if (get().records.detailId !== id) return false;
      if (!r.ok) {
        patch({ cosigning: false, cosignError: r.error.message });
        return false;
      }
      patch({ cosigning: false, detail: { status: 'ready', data: r.value, error: null } });
      void get().loadRecords();
      return true;
    },

    exportRecords: async (req) => {
      if (get().records.exporting) return null;
      patch({ exporting: req.format, exportError: null });
      const r = await call((api) => api.records.export(req));
      patch({ exporting: null, exportError: r.ok ? null : r.error.message });
      return r.ok ? r.value : null;
    },

    checkExportFile: async (text, fileName) => {
      patch({ fileCheck: { status: 'checking', fileName, report: null, error: null } });
      const r = await call((api) => api.records.verifyFile({ text }));
      patch({ fileCheck: r.ok ? { status: 'done', fileName, report: r.value, error: null } : { status: 'error', fileName, report: null, error: r.error.message } });
    },
  };
};
