/**
 * Where the app keeps operators' private keys: sealed by the operating system's
 * keychain (Electron safeStorage: DPAPI on Windows, Keychain on macOS, libsecret/kwallet
 * on Linux). The records code sees only this interface; the Electron adapter lives in
 * electron/services/safe-storage.ts, so nothing here imports Electron.
 */
export interface SecretBox {
  /** What seals: recorded next to each sealed key. */
  readonly kind: 'safe-storage';
  /** False when the OS offers no real keychain (e.g. Linux without a secret service): then no key is kept. */
  isAvailable(): boolean;
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}
