/** The OS user this process runs as: who the audit log names for what the app does on its own account. */
import os from 'node:os';

export function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
