/**
 * Parse JSON with comments, as Orthanc's configuration files are written
 * (`//` line and `/* *\/` block comments, as in Debian's /etc/orthanc/*.json).
 */

/** Remove comments outside string literals; keeps line breaks so errors point at the right line. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (inString) {
      out += c;
      if (c === '\\' && next !== undefined) {
        out += next;
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i += 1;
    } else if (c === '"') {
      inString = true;
      out += c;
      i += 1;
    } else if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, '');
      i = stop;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Parse JSON-with-comments text (trailing commas are tolerated too, as jsoncpp does). */
export function parseJsonc(text: string): unknown {
  const noComments = stripJsonComments(text);
  try {
    return JSON.parse(noComments) as unknown;
  } catch {
    // Only as a fallback, since this regex does not know about strings.
    return JSON.parse(noComments.replace(/,(\s*[}\]])/g, '$1')) as unknown;
  }
}
