/** Plain-text search of list rows (Records, Inventory). Pure. */

/** Every word of the query appears somewhere in the row's text (case and accents ignored). */
export function matchesQuery(haystack: readonly (string | number | null | undefined)[], query: string): boolean {
  const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = fold(haystack.filter((v) => v !== null && v !== undefined).join(' \u0000 '));
  return words.every((w) => text.includes(w));
}
