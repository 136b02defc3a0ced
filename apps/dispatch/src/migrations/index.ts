import { Initial1764300000000 } from './1764300000000-initial.js';
import { CaseSequence1765100000000 } from './1765100000000-case-sequence.js';
import { ListPaging1765200000000 } from './1765200000000-list-paging.js';
import { ClosedLoop1766100000000 } from './1766100000000-closed-loop.js';
import { WorkingTime1766200000000 } from './1766200000000-working-time.js';
import { LedgerIndexes1767100000000 } from './1767100000000-ledger-indexes.js';
import { BiweeklyReviews1767200000000 } from './1767200000000-biweekly-reviews.js';
import { DailyDigests1767300000000 } from './1767300000000-daily-digests.js';
import { CaseRetention1767400000000 } from './1767400000000-case-retention.js';
import { OrganisationRetirement1769400000000 } from './1769400000000-organisation-retirement.js';
import { PendingDeadlineOrder1769500000000 } from './1769500000000-pending-deadline-order.js';

/** In order; a migration, once released, is never edited. */
export const dispatchMigrations = [
  Initial1764300000000,
  CaseSequence1765100000000,
  ListPaging1765200000000,
  ClosedLoop1766100000000,
  WorkingTime1766200000000,
  LedgerIndexes1767100000000,
  BiweeklyReviews1767200000000,
  DailyDigests1767300000000,
  CaseRetention1767400000000,
  OrganisationRetirement1769400000000,
  PendingDeadlineOrder1769500000000,
];
