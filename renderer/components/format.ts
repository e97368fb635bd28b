/** Dates in the admin's locale, readable at a glance. */
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatWhen(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : when.format(d);
}

/** Ends a message from the engine with a full stop, so a hint can follow it as a sentence. */
export function sentence(message: string): string {
  const m = message.trim();
  if (m === '') return m;
  const capital = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
