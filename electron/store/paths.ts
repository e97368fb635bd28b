/**
 * Where the app keeps its database by default: the per-user application-data
 * directory of each platform. Pure (no file system access), so it is testable for
 * every platform from any platform.
 */
import os from 'node:os';
import path from 'node:path';

/** File name of the database inside the app's data directory. */
export const DB_FILE_NAME = 'collimator.db';

/**
 * The default database path.
 * - `COLLIMATOR_DB` in the environment, when set and not empty, wins (tests, portable installs).
 * - Windows: `%APPDATA%\Collimator\collimator.db` (`<home>\AppData\Roaming` when APPDATA is unset).
 * - macOS: `~/Library/Application Support/Collimator/collimator.db`.
 * - Linux and other Unixes: `$XDG_DATA_HOME/collimator/collimator.db`, or
 *   `~/.local/share/collimator/collimator.db` when XDG_DATA_HOME is unset or relative
 *   (the XDG spec says relative values are invalid and must be ignored).
 */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.COLLIMATOR_DB;
  if (override !== undefined && override !== '') return override;
  if (platform === 'win32') {
    const appData = env.APPDATA !== undefined && env.APPDATA !== '' ? env.APPDATA : path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Collimator', DB_FILE_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', 'Collimator', DB_FILE_NAME);
  }
  const xdg = env.XDG_DATA_HOME;
  const dataHome = xdg !== undefined && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share');
  return path.posix.join(dataHome, 'collimator', DB_FILE_NAME);
}
