/**
 * The app's own trust list (issue 11): its operators (the `operators` table) plus the
 * lists imported into it (trust-list-repo.ts), for the `trust:*` channels and for the
 * "known signer / unknown signer" shown on every record and signature.
 *
 * The order of authority: an imported organisation list that names a key decides about
 * it (so an organisation can revoke a key, or end its validity, even of this app's own
 * operator); a key no imported list names is known when it is one of this app's
 * operators. Note what "this app's operators" means: every key that ever signed into
 * this database is registered there, so inside one database the imported lists are what
 * tell a known person from a key made under their name (docs/records.md, trust model).
 */
import type { AppTrustList, SignerTrust, TrustEntryView, TrustExportFile, TrustImportRequest, TrustImportView } from '../../shared/trust';
import { RecordsError } from './errors';
import { formatFingerprint } from './keys';
import type { OperatorRecord } from './repo';
import { classifySigner, parseTrustList, summarize, TrustListError, type TrustList } from './trust-list';
import type { TrustListRepo } from './trust-list-repo';
import type { SignerJudge } from './trust-list-verify';

export const APP_OPERATORS_SOURCE = "this app's operators";

export interface TrustService {
  list(): AppTrustList;
  import(req: TrustImportRequest): AppTrustList;
  remove(req: { id: number }): AppTrustList;
  /** The keys known now, as a plain fingerprint list for an auditor (`records verify --trust-list`). */
  export(): TrustExportFile;
  /** The lists as they stand now and a judge over them: read once for a whole list of records. */
  current(): { lists: TrustList[]; judge: SignerJudge };
}

export interface TrustServiceDeps {
  repo: TrustListRepo;
  operators: () => OperatorRecord[];
  now?: () => Date;
}

/** No control characters in a comment line of the exported file. */
function oneLine(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, ' ');
}

export function createTrustService(deps: TrustServiceDeps): TrustService {
  const now = deps.now ?? (() => new Date());

  const operatorsList = (): TrustList => ({
    source: APP_OPERATORS_SOURCE,
    kind: 'operators',
    organisation: null,
    issuedAt: null,
    entries: deps.operators().map((o) => ({ fingerprint: o.fingerprint, name: o.name, role: o.role, publicKey: o.publicKey, validFrom: null, validUntil: null, revoked: false, revokedAt: null })),
  });

  /** Every stored list, read again (signature checked); a list that no longer reads carries its problem. */
  const imported = (): Array<{ view: TrustImportView; list: TrustList | null }> =>
    deps.repo.all().map((row) => {
      const base = { id: row.id, importedAt: row.importedAt, source: row.name };
      try {
        const list = parseTrustList(row.text, row.name);
        return { view: { ...summarize(list), ...base, problem: null }, list };
      } catch (e) {
        const problem = e instanceof Error ? e.message : String(e);
        return { view: { ...base, kind: row.kind, organisation: null, issuedAt: null, entries: 0, problem }, list: null };
      }
    });

  const lists = (): { ops: TrustList; imports: TrustList[]; views: TrustImportView[] } => {
    const all = imported();
    return { ops: operatorsList(), imports: all.flatMap((x) => (x.list === null ? [] : [x.list])), views: all.map((x) => x.view) };
  };

  const judgeWith = (ops: TrustList, imports: readonly TrustList[]): SignerJudge => (sig): SignerTrust => {
    const fp = sig.fingerprint.toLowerCase();
    const naming = imports.filter((l) => l.entries.some((e) => e.fingerprint === fp));
    return classifySigner(naming.length > 0 ? naming : [ops, ...imports], sig);
  };

  const view = (): AppTrustList => {
    const { ops, imports, views } = lists();
    const entries: TrustEntryView[] = [ops, ...imports].flatMap((l) =>
      l.entries.map((e) => ({ fingerprint: e.fingerprint, name: e.name, role: e.role, source: l.source, validFrom: e.validFrom, validUntil: e.validUntil, revoked: e.revoked, revokedAt: e.revokedAt })),
    );
    return { imports: views, entries };
  };

  return {
    list: view,

    import(req) {
      let list: TrustList;
      try {
        list = parseTrustList(req.text, req.name.trim());
      } catch (e) {
        if (e instanceof TrustListError) throw new RecordsError('invalid', e.message);
        throw e;
      }
      const same = deps.repo.all().find((r) => r.text === req.text);
      if (same !== undefined) throw new RecordsError('invalid', `this list is already imported (as ${same.name})`);
      deps.repo.add({
        name: req.name.trim(),
        kind: list.kind === 'signed' ? 'signed' : 'fingerprints',
        organisationFingerprint: list.organisation?.fingerprint ?? null,
        importedAt: now().toISOString(),
        text: req.text,
      });
      return view();
    },

    remove({ id }) {
      if (!deps.repo.remove(id)) throw new RecordsError('not-found', `no imported trust list ${id}`);
      return view();
    },

    export() {
      const at = now();
      const { ops, imports } = lists();
      const judge = judgeWith(ops, imports);
      const lines = [
        `# Collimator trust list, exported ${at.toISOString()}: the keys of known operators`,
        `# (${APP_OPERATORS_SOURCE}${imports.length > 0 ? ` and the lists imported: ${imports.map((l) => oneLine(l.source)).join(', ')}` : ''}).`,
        '# Keys revoked, or not valid now, are left out. Check an exported record with:',
        '#   collimator records verify RECORDS.json --trust-list THIS_FILE --require-known-signers',
      ];
      const seen = new Set<string>();
      for (const e of [...ops.entries, ...imports.flatMap((l) => l.entries)]) {
        if (seen.has(e.fingerprint)) continue;
        seen.add(e.fingerprint);
        const t = judge({ fingerprint: e.fingerprint, signedAt: at.toISOString() });
        if (t.status !== 'known') continue;
        lines.push('', `# ${oneLine(t.name ?? 'a listed key')}${t.role ? `, ${oneLine(t.role)}` : ''} (${oneLine(t.source ?? '')})`, formatFingerprint(e.fingerprint));
      }
      const keys = lines.filter((l) => l !== '' && !l.startsWith('#')).length;
      return { fileName: 'collimator-trust-list.txt', mediaType: 'text/plain', text: `${lines.join('\n')}\n`, keys };
    },

    current() {
      const { ops, imports } = lists();
      return { lists: [ops, ...imports], judge: judgeWith(ops, imports) };
    },
  };
}
