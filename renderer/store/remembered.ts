/**
 * Small preferences kept on this computer between sessions (the operator's name, the
 * maintenance window last opened, the chosen product and firewall, the colour theme). Only such
 * preferences live here: findings, checklists and windows are in the database.
 * Storage can be missing or full (a locked-down profile): then nothing is remembered,
 * and nothing breaks.
 */

/**
 * What may be remembered; a closed list so that nothing else ends up in storage.
 * `windowId` is the maintenance window last opened: the key keeps its first name
 * because it is already stored in operators' profiles.
 */
export type RememberedKey = 'operatorName' | 'windowId' | 'platform' | 'signer' | 'theme';

const PREFIX = 'collimator.';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readRemembered(key: RememberedKey): string | null {
  try {
    return storage()?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

/** Stores `value`; an empty string or null forgets it. */
export function remember(key: RememberedKey, value: string | null): void {
  try {
    const s = storage();
    if (!s) return;
    if (value === null || value === '') s.removeItem(PREFIX + key);
    else s.setItem(PREFIX + key, value);
  } catch {
    // Storage full or refused: the preference is simply not kept.
  }
}
