/**
 * Serving the built renderer (dist/renderer) from the web bridge: files under one
 * directory only, and index.html with the bridge script put at the top of <head>,
 * before the renderer's own scripts. Nothing served carries the session token (it
 * travels in the launch address's fragment, protocol.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BRIDGE_SCRIPT_PATH } from './protocol';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer | string;
  type: string;
}

/**
 * The file for a URL path, or undefined when there is none (or the path leaves
 * `root`). `/` is index.html, with the bridge injected.
 */
export async function staticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${rel}`);
  if (!file.startsWith(base + path.sep)) return undefined;
  const type = TYPES[path.extname(file).toLowerCase()];
  if (type === undefined) return undefined;
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return undefined;
  }
  if (file === path.join(base, 'index.html')) return { body: injectBridge(body.toString('utf8')), type };
  return { body, type };
}

/** Puts the bridge script first in <head>: a classic script there runs before any module script. */
export function injectBridge(html: string): string {
  const tags = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tags + html.slice(head.index + head[0].length);
  return tags + html;
}
