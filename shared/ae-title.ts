/**
 * The DICOM AE title rule (PS3.5, VR AE), once for every layer: the engine's titles to
 * try, the CLI's flags, the inventory file, the IPC schemas and the renderer's forms.
 * Pure.
 */

/** An AE title is at most this many characters. */
export const AE_TITLE_MAX = 16;

/**
 * Why `ae` is not a valid AE title, or undefined when it is: at most 16 characters of
 * the default repertoire (printable ASCII) without backslash; leading and trailing
 * spaces carry no meaning, so a title of spaces only is empty.
 */
export function aeTitleProblem(ae: string): string | undefined {
  if (ae.trim() === '') return 'is empty (or only spaces)';
  if (ae.length > AE_TITLE_MAX) return `is ${ae.length} characters long (at most ${AE_TITLE_MAX})`;
  if (ae.includes('\\')) return 'contains a backslash';
  if (/[\x00-\x1f\x7f]/.test(ae)) return 'contains a control character';
  if (/[^\x20-\x7e]/.test(ae)) return 'contains a character outside printable ASCII';
  return undefined;
}

export function isAeTitle(ae: string): boolean {
  return aeTitleProblem(ae) === undefined;
}
