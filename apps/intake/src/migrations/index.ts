import { Initial1764300000000 } from './1764300000000-initial.js';
import { CaseStatusSequence1765100000000 } from './1765100000000-case-status-sequence.js';
import { ReferenceSequences1765300000000 } from './1765300000000-reference-sequences.js';
import { IntakePrivacyTips1766500000000 } from './1766500000000-intake-privacy-tips.js';
import { FieldReadsOrder1767500000001 } from './1767500000001-field-reads-order.js';
import { ReferenceSequenceMaker1767500000002 } from './1767500000002-reference-sequence-maker.js';
import { Retention1767600000000 } from './1767600000000-retention.js';
import { AttachmentsElsewhere1767700000000 } from './1767700000000-attachments-elsewhere.js';
import { ReportListPaging1769500000000 } from './1769500000000-report-list-paging.js';

/** In order; a migration, once released, is never edited. */
export const intakeMigrations = [
  Initial1764300000000,
  CaseStatusSequence1765100000000,
  ReferenceSequences1765300000000,
  IntakePrivacyTips1766500000000,
  FieldReadsOrder1767500000001,
  ReferenceSequenceMaker1767500000002,
  Retention1767600000000,
  AttachmentsElsewhere1767700000000,
  ReportListPaging1769500000000,
];
