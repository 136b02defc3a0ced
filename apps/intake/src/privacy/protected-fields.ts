/**
 * Every encrypted column of intake, by table: `npm run keys -- rotate` walks these. A new protected
 * column must be listed here, or rotation would leave it under an old key.
 */
export const PROTECTED_FIELDS: ReadonlyArray<{ table: string; columns: readonly string[] }> = [
  { table: 'whistle_reports', columns: ['description', 'people_involved'] },
  { table: 'tips', columns: ['school_name', 'what', 'occurred', 'place', 'people', 'contact', 'decision_reason'] },
  { table: 'messages', columns: ['body'] },
];
