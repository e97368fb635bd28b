/**
 * The records service behind the app's `operators:*` and `records:*` channels: operators
 * whose private keys the app keeps sealed by the OS keychain, review-then-sign, co-sign,
 * list, a record's detail with its verification status, exports (JSON, PDF, CSV) and
 * checking an exported file. Arguments arrive validated by the contract's zod schemas;
 * what only the store can judge is a RecordsError.
 */
import os from 'node:os';
import type {
  CosignRequest,
  OperatorCreateRequest,
  OperatorView,
  RecordDetail,
  RecordListItem,
  RecordPreview,
  RecordsExportFile,
  RecordsExportRequest,
  SignoffRequest,
  VerifyReport,
} from '../../shared/records';
import type { Store } from '../store';
import { canonicalHost } from '../../shared/host';
import { buildDraft, RecordBuildError, storeSource } from './build';
import { recordsCsv } from './csv';
import { RecordsError } from './errors';
import { buildExport, exportText, type ExportScope } from './export-json';
import { checkRecord, recordHash } from './integrity';
import { fingerprintOf, generateKeyPair, pkcs8Der, rawPublicKey, signingKeyFromPkcs8, type SigningKey } from './keys';
import { PdfError, type PdfRenderer } from './pdf';
import { createRecordsRepo, newRecordId } from './repo';
import { renderReportHtml, reportFooterTemplate } from './report-html';
import type { SecretBox } from './secret-box';
import type { RecordDraft, StoredRecord } from './types';
import { verifyExportText } from './verify-export';

export interface RecordsService {
  operators(): OperatorView[];
  createOperator(req: OperatorCreateRequest): OperatorView;
  preview(req: SignoffRequest): RecordPreview;
  signoff(req: SignoffRequest): RecordDetail;
  cosign(req: CosignRequest): RecordDetail;
  list(): RecordListItem[];
  get(req: { id: string }): RecordDetail;
  export(req: RecordsExportRequest): Promise<RecordsExportFile>;
  verifyFile(req: { text: string }): VerifyReport;
}

export interface RecordsServiceDeps {
  /** Seals app-held private keys; absent where no OS keychain exists (the web bridge): signing is then unavailable. */
  secretBox?: SecretBox | undefined;
  pdf: PdfRenderer;
  toolVersion: string;
  now?: () => Date;
  /** Who exports, for the audit log (the OS user by default). */
  actor?: () => string;
}

function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs `fn`; a record that cannot be built becomes a RecordsError in the same words. */
function built<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RecordBuildError) throw new RecordsError('not-found', e.message);
    throw e;
  }
}

export function createRecordsService(store: Store, deps: RecordsServiceDeps): RecordsService {
  const repo = createRecordsRepo(store.db);
  const now = deps.now ?? (() => new Date());

  const operator = (fingerprint: string): OperatorView => {
    const op = repo.operators().find((o) => o.fingerprint === fingerprint.toLowerCase());
    if (op === undefined) throw new RecordsError('not-found', `no operator with key ${fingerprint.slice(0, 16)}… in this database`);
    return op;
  };

  /** Opens the sealed key, hands it to `fn`, and wipes the decrypted bytes after. */
  const withKey = <T>(op: OperatorView, fn: (key: SigningKey) => T): T => {
    const box = deps.secretBox;
    if (box === undefined || !box.isAvailable()) throw new RecordsError('unavailable', 'this app cannot use the OS keychain here, so it holds no signing keys; sign with the collimator command and a key file');
    const sealed = repo.sealedKey(op.fingerprint);
    if (sealed === undefined) throw new RecordsError('invalid', `this app does not hold the key of ${op.name}; they sign with the collimator command and their key file`);
    const der = box.open(sealed);
    try {
      const key = signingKeyFromPkcs8(der, op.name, op.role);
      if (key.fingerprint !== op.fingerprint) throw new RecordsError('integrity', `the sealed key of ${op.name} is not the key registered for them`);
      return fn(key);
    } finally {
      der.fill(0);
    }
  };

  const draftOf = (req: SignoffRequest, op: OperatorView, id: string, createdAt: string): RecordDraft =>
    built(() =>
      buildDraft(storeSource(store), { host: canonicalHost(req.host), port: req.port }, {
        id,
        createdAt,
        toolVersion: deps.toolVersion,
        operator: { name: op.name, role: op.role, fingerprint: op.fingerprint },
        note: req.note.trim(),
        supersedes: req.supersedes === undefined ? null : repo.resolveId(req.supersedes),
      }),
    );

  const detail = (r: StoredRecord): RecordDetail => {
    const { problems } = checkRecord({ where: `record ${r.position} (id ${r.id})`, canonical: r.canonical, hash: r.hash, signatures: r.signatures });
    if (r.position > 1) {
      const prev = repo.all().find((x) => x.position === r.position - 1);
      if (prev === undefined || r.body.chain.prev !== recordHash(prev.canonical)) {
        problems.push({ kind: 'chain', where: `chain link into record ${r.position}`, message: 'the signed previous hash is not the hash of the record before it' });
      }
    }
    return {
      id: r.id, position: r.position, hash: r.hash, prevHash: r.prevHash, body: r.body, supersededBy: r.supersededBy,
      signatures: r.signatures.map((s, i) => ({ ...s, holds: !problems.some((p) => p.where.includes(`signature ${i + 1} `)) })),
      intact: problems.length === 0,
      problems,
    };
  };

  const stored = (id: string): StoredRecord => {
    const r = repo.get(repo.resolveId(id));
    if (r === undefined) throw new RecordsError('not-found', `no record ${id} in this database`);
    return r;
  };

  return {
    operators: () => repo.operators(),

    createOperator(req) {
      const box = deps.secretBox;
      if (box === undefined || !box.isAvailable()) throw new RecordsError('unavailable', 'no OS keychain is available to keep a signing key safely; make a key file with: collimator keys new --out FILE');
      const { privateKey } = generateKeyPair();
      const raw = rawPublicKey(privateKey);
      const der = pkcs8Der(privateKey);
      const sealed = box.seal(der);
      der.fill(0);
      const op = { name: req.name.trim(), role: req.role.trim(), publicKey: raw.toString('base64'), fingerprint: fingerprintOf(raw) };
      repo.registerOperator(op, now().toISOString(), { key: sealed, with: box.kind });
      return operator(op.fingerprint);
    },

    preview(req) {
      const op = operator(req.operator);
      const draft = draftOf(req, op, 'not-yet-signed', now().toISOString());
      const warnings: string[] = [];
      if (draft.verification === null) warnings.push('this server was never verified: the record will say the fix is not proven (verify it first)');
      else if (!draft.verification.passed) warnings.push(`the latest verification did not pass (${draft.verification.counts['still-failing']} still failing, ${draft.verification.counts.regressed} regressed, ${draft.verification.counts.inconclusive} inconclusive)`);
      if (!op.hasSealedKey) warnings.push(`this app does not hold the key of ${op.name}: they sign with the collimator command and their key file`);
      return { draft, operator: op, warnings };
    },

    signoff(req) {
      const op = operator(req.operator);
      return withKey(op, (key) => detail(repo.signoff(draftOf(req, op, newRecordId(), now().toISOString()), key)));
    },

    cosign(req) {
      const op = operator(req.operator);
      const id = repo.resolveId(req.id);
      return withKey(op, (key) => detail(repo.cosign(id, key, now().toISOString())));
    },

    list: () => repo.list(),

    get: ({ id }) => detail(stored(id)),

    async export(req) {
      const at = now().toISOString();
      const every = repo.all();
      const ids = req.all === true ? every.map((r) => r.id) : [...new Set((req.ids ?? []).map((i) => repo.resolveId(i)))];
      if (req.format !== 'csv' && ids.length === 0) throw new RecordsError('invalid', 'name the records to export, or all');
      const records = every.filter((r) => ids.includes(r.id));
      const short = records.length === 1 ? `record-${records[0]!.id.slice(0, 8)}` : records.length === every.length ? 'records-chain' : 'records';
      let file: RecordsExportFile;
      if (req.format === 'csv') {
        const items = ids.length === 0 ? repo.list() : repo.list().filter((r) => ids.includes(r.id));
        file = { fileName: 'collimator-records.csv', mediaType: 'text/csv', base64: Buffer.from(recordsCsv(items), 'utf8').toString('base64'), records: items.length };
      } else if (req.format === 'json') {
        const scope: ExportScope = records.length === every.length ? 'chain' : records.length === 1 ? 'record' : 'selection';
        const text = exportText(buildExport(records, scope, { toolVersion: deps.toolVersion, exportedAt: at }));
        file = { fileName: `collimator-${short}.json`, mediaType: 'application/json', base64: Buffer.from(text, 'utf8').toString('base64'), records: records.length };
      } else {
        const html = renderReportHtml(records, { generatedAt: at, toolVersion: deps.toolVersion });
        const label = records.length === 1 ? `Collimator remediation record ${records[0]!.id}` : `Collimator remediation records (${records.length})`;
        let pdf: Buffer;
        try {
          pdf = await deps.pdf.render(html, { footer: reportFooterTemplate(label) });
        } catch (e) {
          if (e instanceof PdfError) throw new RecordsError('unavailable', e.message);
          throw e;
        }
        file = { fileName: `collimator-${short}.pdf`, mediaType: 'application/pdf', base64: pdf.toString('base64'), records: records.length };
      }
      repo.audit('export', (deps.actor ?? osUser)(), file.records === 1 && ids.length === 1 ? ids[0]! : null, { format: req.format, file: file.fileName, records: file.records, via: 'app' }, at);
      return file;
    },

    verifyFile: ({ text }) => verifyExportText(text),
  };
}
