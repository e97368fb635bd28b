/**
 * The records service behind the app's `operators:*` and `records:*` channels: operators
 * whose private keys the app keeps (sealed by their passphrase, then the OS keychain) or
 * who bring their own key file, review-then-sign, co-sign, list, a record's detail with
 * its verification status, exports (JSON, PDF, CSV) and checking an exported file.
 * Every signature takes the signer's passphrase in the same call (app-keys.ts); nothing
 * secret is kept after it. Arguments arrive validated by the contract's zod schemas;
 * what only the store can judge is a RecordsError.
 */
import type {
  CosignRequest,
  OperatorCreateRequest,
  OperatorKeyFileRequest,
  OperatorView,
  RecordDetail,
  RecordListItem,
  RecordPreview,
  RecordPreviewRequest,
  RecordsExportFile,
  RecordsExportRequest,
  SignerEnrolment,
  SignerSecret,
  SignoffRequest,
  VerifyReport,
} from '../../shared/records';
import { stepsWithoutWords } from '../../shared/records';
import type { Store } from '../store';
import { canonicalHost } from '../../shared/host';
import { buildDraft, RecordBuildError, storeSource } from './build';
import { recordsCsv } from './csv';
import { RecordsError } from './errors';
import { buildExport, exportText, type ExportScope } from './export-json';
import { checkRecord, recordHash } from './integrity';
import { keyFileIdentity, sealNewOperatorKey, unlockKeyFileText, unlockSealedKey } from './app-keys';
import type { ScryptParams } from './key-file';
import type { SigningKey } from './keys';
import { osUser } from './os-user';
import { PdfError, type PdfRenderer } from './pdf';
import { createRecordsRepo, newRecordId } from './repo';
import { renderReportPdf } from './report-html';
import type { SecretBox } from './secret-box';
import { createTrustService, type TrustService } from './trust-list-app';
import { createTrustListRepo } from './trust-list-repo';
import { checkSigners, judgeSignature, reportSigners } from './trust-list-verify';
import type { RecordDraft, StoredRecord } from './types';
import { verifyExportText } from './verify-export';

export interface RecordsService {
  operators(): OperatorView[];
  createOperator(req: OperatorCreateRequest): OperatorView;
  registerKeyFile(req: OperatorKeyFileRequest): OperatorView;
  preview(req: RecordPreviewRequest): RecordPreview;
  signoff(req: SignoffRequest): RecordDetail;
  cosign(req: CosignRequest): RecordDetail;
  list(): RecordListItem[];
  get(req: { id: string }): RecordDetail;
  export(req: RecordsExportRequest): Promise<RecordsExportFile>;
  verifyFile(req: { text: string }): VerifyReport;
  /** The app's trust list (its operators plus imported lists): the `trust:*` channels and each signature's signer status. */
  readonly trust: TrustService;
}

export interface RecordsServiceDeps {
  /** Seals app-held private keys; absent where no OS keychain exists (the web bridge): signing is then unavailable. */
  secretBox?: SecretBox | undefined;
  pdf: PdfRenderer;
  toolVersion: string;
  now?: () => Date;
  /** Who acts, for the audit log (the OS user by default). */
  actor?: () => string;
  /** scrypt cost of new app-held keys (key-file.ts's default; tests pass a cheaper one). */
  scrypt?: ScryptParams;
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
  const actor = deps.actor ?? osUser;
  const repo = createRecordsRepo(store.db, { actor });
  const now = deps.now ?? (() => new Date());
  const trust = createTrustService({ repo: createTrustListRepo(store.db), operators: () => repo.operators(), now });

  const operator = (fingerprint: string): OperatorView => {
    const op = repo.operators().find((o) => o.fingerprint === fingerprint.toLowerCase());
    if (op === undefined) throw new RecordsError('not-found', `no operator with key ${fingerprint.slice(0, 16)}… in this database`);
    return op;
  };

  const keychain = (): SecretBox | undefined => (deps.secretBox !== undefined && deps.secretBox.isAvailable() ? deps.secretBox : undefined);

  /**
   * Unlocks the operator's key with the secret sent in this very call (their app-held
   * key, or the key file they chose) and hands it to `fn`; nothing is kept after.
   */
  const withKey = <T>(op: OperatorView, secret: SignerSecret, fn: (key: SigningKey) => T): T => {
    let key: SigningKey;
    if (secret.keyFile !== undefined) {
      const id = keyFileIdentity(secret.keyFile);
      if (id.fingerprint !== op.fingerprint) {
        throw new RecordsError('invalid', `the chosen key file holds the key of ${id.name} (${id.fingerprint.slice(0, 16)}…), not the key of ${op.name}; nothing was signed`);
      }
      key = unlockKeyFileText(secret.keyFile, secret.passphrase);
    } else {
      const sealed = repo.sealedKey(op.fingerprint);
      if (sealed === undefined) throw new RecordsError('invalid', `this app does not hold the key of ${op.name}: choose their key file (made with collimator keys new) to sign`);
      const box = keychain();
      if (box === undefined) throw new RecordsError('unavailable', `this app cannot use the OS keychain here, so it cannot open the key it keeps for ${op.name}; sign with a key file`);
      key = unlockSealedKey(box, sealed, secret.passphrase, op.name);
    }
    if (key.fingerprint !== op.fingerprint) throw new RecordsError('integrity', `the key unlocked for ${op.name} is not the key registered for them; nothing was signed`);
    // The database's registration names the signer (a key file's own header may spell it differently).
    return fn({ ...key, name: op.name, role: op.role });
  };

  const enrolments = (fingerprints: readonly string[]): SignerEnrolment[] => {
    const ops = new Map(repo.operators().map((o) => [o.fingerprint, o]));
    return [...new Set(fingerprints)].flatMap((fp) => {
      const o = ops.get(fp);
      return o === undefined ? [] : [{ fingerprint: fp, addedAt: o.createdAt, addedBy: o.addedBy, keyHeld: o.hasSealedKey ? ('app' as const) : ('key file' as const) }];
    });
  };

  const draftOf = (req: RecordPreviewRequest, op: Pick<OperatorView, 'name' | 'role' | 'fingerprint'>, id: string, createdAt: string): RecordDraft =>
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
    const { judge } = trust.current();
    return {
      id: r.id, position: r.position, hash: r.hash, prevHash: r.prevHash, body: r.body, supersededBy: r.supersededBy,
      signatures: r.signatures.map((s, i) => {
        const holds = !problems.some((p) => p.where.includes(`signature ${i + 1} `));
        return { ...s, holds, signer: judgeSignature(judge, { ...s, holds }) };
      }),
      intact: problems.length === 0,
      problems,
      enrolments: enrolments(r.signatures.map((s) => s.fingerprint)),
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
      const box = keychain();
      if (box === undefined) {
        throw new RecordsError('unavailable', 'no OS keychain is available here to keep a signing key; add the operator from a key file instead (make one with: collimator keys new --out FILE)');
      }
      const at = now();
      const { identity, sealed } = sealNewOperatorKey(box, { name: req.name.trim(), role: req.role.trim(), passphrase: req.passphrase, scrypt: deps.scrypt, now: at });
      repo.registerOperator(identity, at.toISOString(), { key: sealed, with: box.kind });
      return operator(identity.fingerprint);
    },

    registerKeyFile(req) {
      // Unlocking once proves the person adding the key holds it; the key is then dropped.
      const key = unlockKeyFileText(req.keyFile, req.passphrase);
      const existing = repo.operators().find((o) => o.fingerprint === key.fingerprint);
      if (existing !== undefined) return operator(existing.fingerprint);
      const name = key.name.trim();
      if (name === '' || name.length > 100 || key.role.length > 100) throw new RecordsError('invalid', 'the key file names its operator with 1 to 100 characters and a role of at most 100');
      repo.registerOperator({ name, role: key.role.trim(), publicKey: key.publicKey, fingerprint: key.fingerprint }, now().toISOString());
      return operator(key.fingerprint);
    },

    preview(req) {
      const op = req.operator === undefined ? null : operator(req.operator);
      // Before anyone is chosen the draft's operator is blank: signing fills it in (and needs a new review).
      const draft = draftOf(req, op ?? { name: '', role: '', fingerprint: '' }, 'not-yet-signed', now().toISOString());
      const warnings: string[] = [];
      if (draft.verification === null) warnings.push('this server was never verified: the record will say the fix is not proven (verify it first)');
      else if (!draft.verification.passed) warnings.push(`the latest verification did not pass (${draft.verification.counts['still-failing']} still failing, ${draft.verification.counts.regressed} regressed, ${draft.verification.counts.inconclusive} inconclusive)`);
      const wordless = stepsWithoutWords(draft).length;
      if (wordless > 0) warnings.push(`the words shown for ${wordless} ticked step${wordless === 1 ? ' were' : 's were'} not recorded at the time (changed before Collimator kept what was shown): the record will say so, and name only the step${wordless === 1 ? '' : 's'}`);
      if (op === null) warnings.push('nobody is chosen to sign yet: choose who signs, then review again before signing');
      else if (!op.hasSealedKey) warnings.push(`this app does not hold the key of ${op.name}: to sign, choose their key file (made with collimator keys new) and give its passphrase`);
      return { draft, operator: op, warnings };
    },

    signoff(req) {
      const op = operator(req.operator);
      const draft = draftOf(req, op, newRecordId(), now().toISOString());
      return withKey(op, req, (key) => detail(repo.signoff(draft, key)));
    },

    cosign(req) {
      const op = operator(req.operator);
      const id = repo.resolveId(req.id);
      return withKey(op, req, (key) => detail(repo.cosign(id, key, now().toISOString())));
    },

    list() {
      const { judge } = trust.current();
      const every = new Map(repo.all().map((r) => [r.id, r.signatures]));
      return repo.list().map((item) => ({ ...item, signers: (every.get(item.id) ?? []).map((s) => judge(s)) }));
    },

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
        let pdf: Buffer;
        try {
          // The banner says whether every signer is known to this app's trust list (its operators and imported lists).
          const signers = reportSigners(records, trust.current().judge);
          pdf = await renderReportPdf(deps.pdf, records, { generatedAt: at, toolVersion: deps.toolVersion, signers });
        } catch (e) {
          if (e instanceof PdfError) throw new RecordsError('unavailable', e.message);
          throw e;
        }
        file = { fileName: `collimator-${short}.pdf`, mediaType: 'application/pdf', base64: pdf.toString('base64'), records: records.length };
      }
      repo.audit('export', actor(), file.records === 1 && ids.length === 1 ? ids[0]! : null, { format: req.format, file: file.fileName, records: file.records, via: 'app' }, at);
      return file;
    },

    verifyFile({ text }) {
      // A file checked in the app is judged against the app's trust list; unknown signers are shown, not refused.
      const report = verifyExportText(text);
      const { lists, judge } = trust.current();
      checkSigners(report, lists, { require: false, judge });
      return report;
    },

    trust,
  };
}
