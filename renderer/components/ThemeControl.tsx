/** The top bar's theme choice: follow the system, or always light, or always dark (remembered). */
import { useAppStore } from '../store';
import { isThemeChoice } from '../store/theme';

export function ThemeControl() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  return (
    <label className="theme-control">
      <span>Theme</span>
      <select
        className="theme-select"
        value={theme}
        onChange={(e) => {
          if (isThemeChoice(e.target.value)) setTheme(e.target.value);
        }}
      >
        <option value="system">As the system</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
