/**
 * The one download helper: hands an exported file to the browser's (or Electron's)
 * download. Main sends the bytes as base64; a Blob with a temporary object URL is clicked
 * with `download` set, so the admin chooses where it goes; nothing is written by the page
 * itself. Every download confirms itself with a toast naming the file.
 */
import type { RecordsExportFile } from '../../shared/records';
import { showToast } from './toast';

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** A file main built (records JSON/PDF/CSV, ...): base64 bytes, media type and file name. */
export function saveExport(file: Pick<RecordsExportFile, 'base64' | 'mediaType' | 'fileName'>): void {
  saveBlob(new Blob([base64ToBytes(file.base64)], { type: file.mediaType }), file.fileName);
}

/** A text file (e.g. the trust list for an auditor). */
export function saveText(fileName: string, text: string, mediaType = 'text/plain;charset=utf-8'): void {
  saveBlob(new Blob([text], { type: mediaType }), fileName);
}

/** Any blob; every download path ends here, so every download shows its toast. */
export function saveBlob(blob: Blob, fileName: string): void {
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
  showToast('Exported', fileName);
}
