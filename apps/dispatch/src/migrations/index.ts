import { Initial1764300000000 } from './1764300000000-initial.js';
import { CaseSequence1765100000000 } from './1765100000000-case-sequence.js';

/** In order; a migration, once released, is never edited. */
export const dispatchMigrations = [Initial1764300000000, CaseSequence1765100000000];
