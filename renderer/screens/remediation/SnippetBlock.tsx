/**
 * A configuration or command snippet filled with this server's values: where it goes,
 * what to check by hand, the code in a <pre> with a Copy button, and its rollback.
 */
import { useEffect, useId, useState } from 'react';
import type { Snippet, SnippetCode, SnippetLanguage } from '../../../shared/playbooks/types';
import { sentence } from '../../components/format';

const LANGUAGE_LABEL: Record<SnippetLanguage, string> = {
  json: 'JSON',
  powershell: 'PowerShell',
  shell: 'Shell',
  text: 'Text',
  'dcmtk-cfg': 'dcmqrscp.cfg',
  ldif: 'LDIF',
  nginx: 'nginx',
  ini: 'INI',
};

type CopyState = 'idle' | 'copied' | 'failed';

/** One block of code with its Copy button. */
function CodeBlock({ code, where, kind }: { code: SnippetCode; where?: string; kind: 'change' | 'rollback' }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const titleId = useId();
  useEffect(() => {
    if (copy === 'idle') return;
    const t = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(t);
  }, [copy]);

  const onCopy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(code.code);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <figure className={`code code-${kind}`} data-testid={kind === 'change' ? 'snippet-code' : 'rollback-code'}>
      <figcaption className="code-head">
        <span className="code-title" id={titleId}>
          {code.title}
        </span>
        <span className="code-lang">{LANGUAGE_LABEL[code.language]}</span>
        <button type="button" className={`btn btn-small${copy === 'copied' ? ' btn-copied' : ''}`} onClick={() => void onCopy()} aria-describedby={titleId}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </figcaption>
      <span className="visually-hidden" role="status">
        {copy === 'copied' ? 'Copied to the clipboard.' : ''}
      </span>
      {copy === 'failed' ? (
        <p className="code-copy-failed" role="alert">
          The clipboard refused: select the text below and press Ctrl+C.
        </p>
      ) : null}
      {where ? <p className="code-where">{where}</p> : null}
      <pre className="code-body" tabIndex={0}>
        <code>{code.code}</code>
      </pre>
    </figure>
  );
}

export function SnippetBlock({ snippet }: { snippet: Snippet }) {
  return (
    <div className="snippet" data-testid="snippet" data-snippet={snippet.id}>
      <CodeBlock code={snippet} where={`Where: ${snippet.where}`} kind="change" />
      {snippet.warnings.length > 0 ? (
        <ul className="snippet-warnings" aria-label="Check before you apply it">
          {snippet.warnings.map((w) => (
            <li key={w}>{sentence(w)}</li>
          ))}
        </ul>
      ) : null}
      <details className="rollback">
        {/* "Undo" alone would read "Undo: Undo": the generic title adds nothing. */}
        <summary>Undo this change{snippet.rollback.title && snippet.rollback.title !== 'Undo' ? `: ${snippet.rollback.title}` : ''}</summary>
        <CodeBlock code={snippet.rollback} kind="rollback" />
      </details>
    </div>
  );
}
