/**
 * Hands an exported file to the browser's (or Electron's) download: main sends the bytes
 * as base64; a Blob with a temporary object URL is clicked with `download` set, so the
 * admin chooses where it goes. Nothing is written by the page itself.
 */
import type { RecordsExportFile } from '../../../shared/records';

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function saveExport(file: RecordsExportFile): void {
  saveBlob(new Blob([base64ToBytes(file.base64)], { type: file.mediaType }), file.fileName);
}

/** A text file (e.g. the trust list for an auditor, an export for another tool); plain text unless `mediaType` says otherwise. */
export function saveText(fileName: string, text: string, mediaType = 'text/plain'): void {
  saveBlob(new Blob([text], { type: `${mediaType};charset=utf-8` }), fileName);
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it started; free the URL a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
