/**
 * The outer seal of the operators' private keys the app keeps: the operating system's
 * keychain (Electron safeStorage: DPAPI on Windows, Keychain on macOS, libsecret/kwallet
 * on Linux). What it seals is already encrypted under the operator's passphrase
 * (app-keys.ts), so opening this box alone yields no usable key. The records code sees
 * only this interface; the Electron adapter lives in electron/services/safe-storage.ts,
 * so nothing here imports Electron.
 */
export interface SecretBox {
  /** What seals: recorded next to each sealed key. */
  readonly kind: 'safe-storage';
  /** False when the OS offers no real keychain (e.g. Linux without a secret service): then no key is kept. */
  isAvailable(): boolean;
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}
