import { Initial1764300000000 } from './1764300000000-initial.js';
import { Announcements1764900000000 } from './1764900000000-announcements.js';

/** In order; a migration, once released, is never edited. */
export const notifyMigrations = [Initial1764300000000, Announcements1764900000000];
