/** A maintenance window's history in words (issue 17). Pure; the .tsx shows these lines. */
import type { MaintenanceWindowEvent, MaintenanceWindowValues } from '../../../shared/remediation';
import { maintenanceWindowSpan } from '../../store/selectors/maintenance-windows';

const span = (v: MaintenanceWindowValues, locale?: string): string => maintenanceWindowSpan(v, locale);

/** `Extended by 45 min: Sat 1 Mar 2025, 08:00 – 09:30 → 08:00 – 10:15`, `Renamed "A" → "B"`, ... */
export function describeWindowEvent(e: MaintenanceWindowEvent, locale?: string): string {
  const parts: string[] = [];
  const b = e.before;
  const a = e.after;
  if (e.action === 'created') parts.push('Created');
  if (e.action === 'extended') parts.push(`Extended by ${formatMinutes(e.minutes ?? 0)}`);
  if (e.action === 'closed') parts.push('Closed');
  if (e.action === 'edited') parts.push('Edited');
  if (b && a) {
    if (b.name !== a.name) parts.push(`name “${b.name}” → “${a.name}”`);
    if (b.startsAt !== a.startsAt || b.endsAt !== a.endsAt) parts.push(`${span(b, locale)} → ${span(a, locale)}`);
    if (a.servers && b.servers) {
      const added = a.servers.filter((k) => !b.servers?.includes(k));
      const removed = b.servers.filter((k) => !a.servers?.includes(k));
      if (added.length > 0) parts.push(`added ${added.join(', ')}`);
      if (removed.length > 0) parts.push(`removed ${removed.join(', ')}`);
    }
  }
  return parts.length === 1 ? parts[0]! : `${parts[0]!}: ${parts.slice(1).join('; ')}`;
}

/** `45 min`, `1 h`, `1 h 30 min`. */
export function formatMinutes(m: number): string {
  const h = Math.floor(m / 60);
  const r = m % 60;
  if (h === 0) return `${r} min`;
  return r === 0 ? `${h} h` : `${h} h ${r} min`;
}
