/** Default database location per platform; pure, so every platform is tested here. */
import { describe, expect, it } from 'vitest';
import { defaultDbPath } from '../../../electron/store';

describe('defaultDbPath', () => {
  it('uses %APPDATA% on Windows, or the roaming profile under home when it is unset', () => {
    expect(defaultDbPath({ APPDATA: 'C:\\Users\\rad\\AppData\\Roaming' }, 'win32', 'C:\\Users\\rad')).toBe('C:\\Users\\rad\\AppData\\Roaming\\Collimator\\collimator.db');
    expect(defaultDbPath({}, 'win32', 'C:\\Users\\rad')).toBe('C:\\Users\\rad\\AppData\\Roaming\\Collimator\\collimator.db');
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/ignored' }, 'darwin', '/Users/rad')).toBe('/Users/rad/Library/Application Support/Collimator/collimator.db');
  });

  it('uses $XDG_DATA_HOME on Linux, ~/.local/share when unset, empty or relative', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/data/rad' }, 'linux', '/home/rad')).toBe('/data/rad/collimator/collimator.db');
    expect(defaultDbPath({}, 'linux', '/home/rad')).toBe('/home/rad/.local/share/collimator/collimator.db');
    expect(defaultDbPath({ XDG_DATA_HOME: '' }, 'linux', '/home/rad')).toBe('/home/rad/.local/share/collimator/collimator.db');
    expect(defaultDbPath({ XDG_DATA_HOME: 'relative/dir' }, 'freebsd', '/home/rad')).toBe('/home/rad/.local/share/collimator/collimator.db');
  });

  it('lets COLLIMATOR_DB override every platform, unless it is empty', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(defaultDbPath({ COLLIMATOR_DB: '/tmp/x.db', APPDATA: 'C:\\a' }, platform, '/home/rad')).toBe('/tmp/x.db');
    }
    expect(defaultDbPath({ COLLIMATOR_DB: '' }, 'linux', '/home/rad')).toBe('/home/rad/.local/share/collimator/collimator.db');
  });

  it('defaults to this process', () => {
    expect(defaultDbPath()).toBe(defaultDbPath(process.env, process.platform));
  });
});
