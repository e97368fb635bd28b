/**
 * A small streaming XML tokenizer, enough for nmap's -oX output and safe by refusal:
 * no DTD (a `<!DOCTYPE name>` that declares nothing, as nmap writes it, is read past;
 * one with an internal subset `[...]` or an external SYSTEM/PUBLIC identifier is
 * refused), no entity but the five predefined ones and character references (any
 * other `&name;` is refused, so entity expansion, the "billion laughs" bomb, and
 * external entities cannot happen), bounded tag and text size, bounded nesting.
 */
import { StringDecoder } from 'node:string_decoder';
import { UnsafeFileError } from './errors';
import { MiB } from './limits';

export type XmlEvent =
  | { type: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { type: 'close'; name: string }
  | { type: 'text'; text: string };

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Character and predefined entity references decoded; anything else refused. */
export function decodeEntities(s: string, where: () => string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s<]{0,16});?/g, (m, ref: string) => {
    if (!m.endsWith(';')) throw new UnsafeFileError(`${where()}: a bare "&" (not well-formed XML)`);
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const num = /^#x([0-9a-fA-F]{1,6})$/.exec(ref) ?? /^#([0-9]{1,7})$/.exec(ref);
    if (num) {
      const cp = parseInt(num[1]!, ref[1] === 'x' ? 16 : 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new UnsafeFileError(`${where()}: a character reference to no character`);
      return String.fromCodePoint(cp);
    }
    throw new UnsafeFileError(`${where()}: the XML uses an entity (&${ref};); entities are refused`);
  });
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_.:]*/;

function parseTag(body: string, where: () => string): { name: string; attrs: Record<string, string> } {
  const m = NAME.exec(body);
  if (!m) throw new UnsafeFileError(`${where()}: a tag without a name (not well-formed XML)`);
  const name = m[0];
  const attrs: Record<string, string> = {};
  const re = /\s+([A-Za-z_:][-A-Za-z0-9_.:]*)\s*=\s*("([^"]*)"|'([^']*)')/y;
  let i = name.length;
  while (i < body.length) {
    re.lastIndex = i;
    const a = re.exec(body);
    if (!a) {
      if (/^\s*$/.test(body.slice(i))) break;
      throw new UnsafeFileError(`${where()}: a broken attribute in <${name}> (not well-formed XML)`);
    }
    attrs[a[1]!] = decodeEntities(a[3] ?? a[4] ?? '', where);
    i = re.lastIndex;
  }
  return { name, attrs };
}

/** Index of the `>` that ends a tag starting at `from`, outside quotes; -1 if not in `buf` yet. */
function tagEnd(buf: string, from: number): number {
  let q = '';
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
    else if (c === '>') return i;
  }
  return -1;
}

/** XML events out of decoded chunks. `name` names the file in errors. */
export async function* xmlEvents(chunks: AsyncIterable<Buffer>, name: string, maxConstruct: number, maxDepth: number): AsyncGenerator<XmlEvent> {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let line = 1;
  let depth = 0;
  let sawRoot = false;
  const where = (): string => `${name}: line ${line}`;
  const limit = (): UnsafeFileError => new UnsafeFileError(`${where()}: an XML tag or text longer than ${Math.round(maxConstruct / MiB)} MiB; refused`);
  const countLines = (s: string): void => {
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) line++;
  };

  function* drain(final: boolean): Generator<XmlEvent> {
    for (;;) {
      const lt = buf.indexOf('<');
      if (lt === -1) {
        if (buf.length > maxConstruct) throw limit();
        if (final && buf.trim() !== '') {
          if (depth === 0) throw new UnsafeFileError(`${where()}: text outside the root element`);
          yield { type: 'text', text: decodeEntities(buf, where) };
        }
        if (final || depth === 0) {
          if (depth === 0 && buf.trim() !== '') throw new UnsafeFileError(`${where()}: text outside the root element`);
          countLines(buf);
          buf = '';
        }
        return;
      }
      if (lt > 0) {
        const text = buf.slice(0, lt);
        if (depth === 0) {
          if (text.trim() !== '') throw new UnsafeFileError(`${where()}: text outside the root element`);
        } else yield { type: 'text', text: decodeEntities(text, where) };
        countLines(text);
        buf = buf.slice(lt);
      }
      // buf starts with '<'
      let end: number;
      if (buf.startsWith('<!--')) {
        end = buf.indexOf('-->', 4);
        if (end === -1) break;
        countLines(buf.slice(0, end + 3));
        buf = buf.slice(end + 3);
        continue;
      }
      if (buf.startsWith('<![CDATA[')) {
        end = buf.indexOf(']]>', 9);
        if (end === -1) break;
        const text = buf.slice(9, end);
        yield { type: 'text', text };
        countLines(buf.slice(0, end + 3));
        buf = buf.slice(end + 3);
        continue;
      }
      if (buf.startsWith('<?')) {
        end = buf.indexOf('?>', 2);
        if (end === -1) break;
        countLines(buf.slice(0, end + 2));
        buf = buf.slice(end + 2);
        continue;
      }
      if (buf.length < 9 && '<!DOCTYPE'.startsWith(buf.slice(0, 9)) && !final) break;
      if (buf.startsWith('<!DOCTYPE')) {
        // Refused at the first sign of declarations, before reading on.
        const head = buf.slice(9);
        if (head.includes('[')) throw new UnsafeFileError(`${where()}: the XML has a DTD with declarations (<!DOCTYPE ... [); refused`);
        end = tagEnd(buf, 9);
        if (end === -1) break;
        const decl = buf.slice(9, end).trim();
        if (sawRoot) throw new UnsafeFileError(`${where()}: a DOCTYPE after the root element`);
        if (!/^[A-Za-z_:][-A-Za-z0-9_.:]*$/.test(decl)) throw new UnsafeFileError(`${where()}: the XML has a DTD (${/\b(SYSTEM|PUBLIC)\b/.test(decl) ? 'an external identifier' : 'declarations'}); refused`);
        countLines(buf.slice(0, end + 1));
        buf = buf.slice(end + 1);
        continue;
      }
      if (buf.startsWith('<!')) {
        if (buf.length < 4 && !final) break;
        throw new UnsafeFileError(`${where()}: XML markup declarations (<!${buf.slice(2, 10).replace(/\s.*$/s, '')}) are refused`);
      }
      end = tagEnd(buf, 1);
      if (end === -1) break;
      const body = buf.slice(1, end);
      countLines(body);
      buf = buf.slice(end + 1);
      if (body.startsWith('/')) {
        const n = body.slice(1).trim();
        depth--;
        if (depth < 0) throw new UnsafeFileError(`${where()}: a closing tag </${n}> without its opening one`);
        yield { type: 'close', name: n };
        continue;
      }
      const selfClosing = body.endsWith('/');
      const tag = parseTag(selfClosing ? body.slice(0, -1) : body, where);
      if (depth === 0 && sawRoot) throw new UnsafeFileError(`${where()}: a second root element`);
      sawRoot = true;
      if (!selfClosing) {
        depth++;
        if (depth > maxDepth) throw new UnsafeFileError(`${where()}: XML nested deeper than ${maxDepth}; refused`);
      }
      yield { type: 'open', name: tag.name, attrs: tag.attrs, selfClosing };
    }
    if (buf.length > maxConstruct) throw limit();
    if (final) throw new UnsafeFileError(`${where()}: the XML ends inside a tag (the file is cut short)`);
  }

  for await (const chunk of chunks) {
    buf += decoder.write(chunk);
    yield* drain(false);
  }
  buf += decoder.end();
  yield* drain(true);
  if (!sawRoot) throw new UnsafeFileError(`${name}: no XML element`);
  if (depth !== 0) throw new UnsafeFileError(`${name}: the XML ends before its root element closes (the file is cut short)`);
}
