/**
 * The OS keychain for operators' private keys (Electron safeStorage: DPAPI on Windows,
 * the Keychain on macOS, libsecret or kwallet on Linux), behind the records code's
 * SecretBox interface. Electron-only: main.ts hands it to the services; records code
 * never imports Electron.
 *
 * On Linux without a secret service, Electron falls back to a key hard-coded in
 * Chromium (`basic_text`): that protects nothing, so the box reports itself unavailable
 * there and the app keeps no keys (operators sign with a key file instead).
 */
import { safeStorage } from 'electron';
import type { SecretBox } from '../records/secret-box';

export function safeStorageBox(): SecretBox {
  return {
    kind: 'safe-storage',
    isAvailable() {
      if (!safeStorage.isEncryptionAvailable()) return false;
      return !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
    },
    // encryptString takes text: the DER travels as base64 (JavaScript strings cannot be wiped; the Buffers are).
    seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
