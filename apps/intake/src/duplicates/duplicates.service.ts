import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '#libs/auth';
import { AppError } from '#libs/errors';
import { FieldCipher } from '../privacy/field-cipher.js';
import { ReadAudit } from '../privacy/read-audit.js';
import { similarity } from './similarity.js';

const WINDOW_DAYS = 14;
/** Below this, texts share only common words. */
const THRESHOLD = 0.3;

interface Candidate {
  id: string;
  kind: 'report' | 'tip';
  school_id: string | null;
  category: string | null;
  submitted_at: Date;
  title: string | null;
  body: string;
}

/**
 * Suggested duplicates of a case (a report or a tip: a case has the id of what it came from):
 * open reports and tips of the same school and category within 14 days, scored by the similarity of
 * their texts. The texts are encrypted, so the few candidates are opened and compared here.
 */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: ReadAudit,
  ) {}

  async list(actor: Actor, caseId: string) {
    return this.dataSource.transaction(async (manager) => {
      const subject = await this.load(manager, caseId);
      const candidates = await manager.query<Candidate[]>(
        `${CANDIDATES_SQL}
          WHERE c.id <> $1 AND c.category IS NOT DISTINCT FROM $2
            AND ($3::uuid IS NULL OR c.school_id IS NULL OR c.school_id = $3)
            AND c.submitted_at BETWEEN $4::timestamptz - interval '${WINDOW_DAYS} days' AND $4::timestamptz + interval '${WINDOW_DAYS} days'
            AND c.open
            AND NOT EXISTS (SELECT 1 FROM intake.duplicate_dismissals d
                             WHERE (d.case_id = $1 AND d.other_id = c.id) OR (d.case_id = c.id AND d.other_id = $1))
          LIMIT 500`,
        [caseId, subject.category, subject.school_id, subject.submitted_at],
      );
      await this.audit.record(actor, 'duplicate-scan', caseId, ['description', 'what'], manager);
      const text = this.textOf(subject);
      return candidates
        .map((candidate) => {
          const score = similarity(text, this.textOf(candidate));
          const days = Math.abs(candidate.submitted_at.getTime() - subject.submitted_at.getTime()) / 86_400_000;
          const reasons = [
            subject.school_id && candidate.school_id === subject.school_id ? 'same school' : 'school not given',
            'same category',
            `${Math.max(0, Math.round(days))} day(s) apart`,
            `similar text (${Math.round(score * 100)}%)`,
          ];
          return { caseId: candidate.id, source: candidate.kind, score: Math.round(score * 100) / 100, reasons };
        })
        .filter((match) => match.score >= THRESHOLD)
        .sort((a, b) => b.score - a.score);
    });
  }

  async dismiss(actor: Actor, caseId: string, otherId: string) {
    await this.dataSource.transaction(async (manager) => {
      await this.load(manager, caseId);
      await this.load(manager, otherId, 'otherId');
      await manager.query(
        `INSERT INTO intake.duplicate_dismissals (case_id, other_id, dismissed_by, dismissed_at)
         VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING`,
        [caseId, otherId, actor.userId],
      );
    });
    return { caseId, otherId, dismissed: true };
  }

  private async load(manager: EntityManager, id: string, field?: string): Promise<Candidate> {
    const [row] = await manager.query<Candidate[]>(`${CANDIDATES_SQL} WHERE c.id = $1`, [id]);
    if (!row) throw field ? AppError.badRequest('is not a known report or tip', field) : AppError.notFound('case');
    return row;
  }

  private textOf(row: Candidate): string {
    if (row.kind === 'tip') return this.cipher.open('tips', 'what', row.id, row.body);
    return `${row.title ?? ''} ${this.cipher.open('whistle_reports', 'description', row.id, row.body)}`;
  }
}

/** Reports and tips as one set of candidates; closed, refused and merged ones are not open. */
const CANDIDATES_SQL = `
  SELECT c.* FROM (
    SELECT id, 'report' AS kind, school_id, category, submitted_at, title, description AS body,
           case_status NOT IN ('CLOSED', 'REJECTED', 'MERGED') AS open
      FROM intake.whistle_reports
    UNION ALL
    SELECT id, 'tip', school_id, coalesce(category, 'bullying'), submitted_at, NULL, what,
           status IN ('received', 'escalated') AND coalesce(case_status, '') NOT IN ('CLOSED', 'REJECTED', 'MERGED')
      FROM intake.tips
  ) c`;
