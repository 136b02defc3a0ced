import { Initial1764300000000 } from './1764300000000-initial.js';
import { Announcements1764900000000 } from './1764900000000-announcements.js';
import { InboxPaging1765200000000 } from './1765200000000-inbox-paging.js';
import { Channels1766400000000 } from './1766400000000-channels.js';

/** In order; a migration, once released, is never edited. */
export const notifyMigrations = [
  Initial1764300000000,
  Announcements1764900000000,
  InboxPaging1765200000000,
  Channels1766400000000,
];
