import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { type submitWhistleReportRequest, WhistleReportSubmitted } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { currentContext } from '#libs/observability';
import { GroupCommit } from '#libs/persistence';
import type { IntakeConfig } from '../config.js';
import { formatReference } from './reference.js';
import { ReferenceSequence } from './reference-sequence.js';

export type SubmitWhistleReport = z.infer<typeof submitWhistleReportRequest>;

/** One school's report on its way into a group commit. */
interface Submission {
  actor: Actor;
  input: SubmitWhistleReport;
  submittedAt: Date;
  year: number;
  correlationId?: string;
}
export interface SubmittedReport {
  id: string;
  reference: string;
  status: 'REPORTED';
}

/**
 * A school blows the whistle. The report, its reference and the event announcing it commit
 * together; a retried request with the same Idempotency-Key gets the first answer back. Reports
 * arriving together are written by one transaction (group commit): each school is answered once
 * its report committed, and a burst costs a few round trips instead of five per report.
 */
@Injectable()
export class SubmitWhistleReportUseCase {
  private readonly groupCommit = new GroupCommit<Submission, SubmittedReport>((submissions) =>
    this.dataSource.transaction((manager) => this.submitAll(manager, submissions)),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly references: ReferenceSequence,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
  ) {}

  async execute(actor: Actor, input: SubmitWhistleReport, idempotencyKey?: string): Promise<SubmittedReport> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw AppError.badRequest('Idempotency-Key must be 1 to 200 visible ASCII characters', 'Idempotency-Key');
    }
    const now = DateTime.now();
    const year = now.setZone(this.config.COUNTY_TIMEZONE).year;
    // Before the transaction: making a year's sequence needs a connection of its own.
    await this.references.ensure(year);
    const submission: Submission = { actor, input, submittedAt: now.toJSDate(), year };
    if (!idempotencyKey) {
      return this.groupCommit.submit({ ...submission, correlationId: currentContext()?.correlationId });
    }
    return this.dataSource.transaction(async (manager) => {
      const earlier = await this.claimKey(manager, actor, idempotencyKey, input);
      if (earlier) return earlier;
      const [submitted] = await this.submitAll(manager, [submission]);
      await manager.query('UPDATE intake.idempotency_keys SET response = $3 WHERE actor_id = $1 AND key = $2', [
        actor.userId,
        idempotencyKey,
        JSON.stringify(submitted),
      ]);
      return submitted;
    });
  }

  /** Writes the reports, their references and their events in the caller's transaction, set-based. */
  private async submitAll(manager: EntityManager, submissions: readonly Submission[]): Promise<SubmittedReport[]> {
    const numbers: Array<{ n: string }> = await manager.query(
      `SELECT nextval(format('intake.reference_%s', y)::regclass) AS n
         FROM unnest($1::int[]) WITH ORDINALITY AS u(y, i) ORDER BY i`,
      [submissions.map((s) => s.year)],
    );
    const reports = submissions.map((submission, i) => ({
      ...submission,
      id: randomUUID(),
      reference: formatReference(this.config.REFERENCE_PREFIX, submission.year, Number(numbers[i].n)),
    }));
    const column = <T>(pick: (report: (typeof reports)[number]) => T) => reports.map(pick);
    await manager.query(
      `INSERT INTO intake.whistle_reports
         (id, reference, school_id, reporter_id, category, severity, title, description, location, submitted_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::timestamptz[])`,
      [
        column((r) => r.id),
        column((r) => r.reference),
        column((r) => r.actor.orgId),
        column((r) => r.actor.userId),
        column((r) => r.input.category),
        column((r) => r.input.severity),
        column((r) => r.input.title),
        column((r) => r.input.description),
        column((r) => r.input.location),
        column((r) => r.submittedAt),
      ],
    );
    await this.outbox.appendEach(
      manager,
      WhistleReportSubmitted,
      reports.map((report) => ({
        payload: {
          reportId: report.id,
          reference: report.reference,
          schoolId: report.actor.orgId,
          category: report.input.category,
          severity: report.input.severity,
          submittedAt: report.submittedAt.toISOString(),
        },
        actor: { kind: 'user' as const, id: report.actor.userId },
        correlationId: report.correlationId,
      })),
    );
    return reports.map((report) => ({ id: report.id, reference: report.reference, status: 'REPORTED' as const }));
  }

  /**
   * Claims the key for this request. A concurrent twin blocks on the insert until the first
   * commits and then reads its answer; a different body under the same key is refused.
   */
  private async claimKey(
    manager: EntityManager,
    actor: Actor,
    key: string,
    input: SubmitWhistleReport,
  ): Promise<SubmittedReport | undefined> {
    const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const claimed: unknown[] = await manager.query(
      `INSERT INTO intake.idempotency_keys (actor_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING key`,
      [actor.userId, key, hash],
    );
    if (claimed.length > 0) return undefined;
    const [earlier]: Array<{ request_hash: string; response: SubmittedReport | null }> = await manager.query(
      'SELECT request_hash, response FROM intake.idempotency_keys WHERE actor_id = $1 AND key = $2',
      [actor.userId, key],
    );
    if (!earlier?.response) throw AppError.conflict('a request with this Idempotency-Key is still being processed');
    if (earlier.request_hash !== hash) {
      throw new AppError(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was already used with a different body',
        'Idempotency-Key',
      );
    }
    return earlier.response;
  }
}
