import { Initial1764300000000 } from './1764300000000-initial.js';
import { ReferenceSequences1765300000000 } from './1765300000000-reference-sequences.js';

/** In order; a migration, once released, is never edited. */
export const intakeMigrations = [Initial1764300000000, ReferenceSequences1765300000000];
