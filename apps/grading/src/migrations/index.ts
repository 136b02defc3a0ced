import { Initial1764300000000 } from './1764300000000-initial.js';
import { Grading1766300000000 } from './1766300000000-grading.js';
import { OrganisationRetirement1769400000000 } from './1769400000000-organisation-retirement.js';

/** In order; a migration, once released, is never edited. */
export const gradingMigrations = [Initial1764300000000, Grading1766300000000, OrganisationRetirement1769400000000];
