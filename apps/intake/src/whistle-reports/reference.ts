/** Human-friendly case reference: county prefix, year in the county's zone, six-digit counter. */
export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}
