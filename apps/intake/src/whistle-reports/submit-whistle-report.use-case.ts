import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { LifeSafetyFlagged, type submitWhistleReportRequest, WhistleReportSubmitted } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { currentContext } from '#libs/observability';
import { GroupCommit } from '#libs/persistence';
import { linkAttachments } from '../attachments/link-attachments.js';
import type { IntakeConfig } from '../config.js';
import { LifeSafetyTerms } from '../life-safety/life-safety-terms.service.js';
import { FieldCipher } from '../privacy/field-cipher.js';
import { CountyYear } from './county-year.js';
import { formatReference } from './reference.js';
import { ReferenceSequence } from './reference-sequence.js';
import { isSubcategoryOf } from './taxonomy.js';

export type SubmitWhistleReport = z.infer<typeof submitWhistleReportRequest>;
export interface SubmittedReport {
  id: string;
  reference: string;
  status: 'REPORTED';
}

/** One school's report on its way into a transaction, checked and with its life-safety match. */
interface Submission {
  actor: Actor;
  input: SubmitWhistleReport;
  submittedAt: Date;
  year: number;
  lifeSafety: boolean;
  correlationId?: string;
}

/** A submission ready to be written: its id, reference and the columns derived from its input. */
interface PreparedReport extends Submission {
  id: string;
  reference: string;
  location: { address: string; lat?: number; lng?: number };
  severity: SubmitWhistleReport['severity'];
  /** A Postgres array literal: unnest of a uuid[][] would flatten the reports' lists together. */
  attachmentIds: string;
}

/**
 * A school blows the whistle. The report, its reference and the event announcing it commit
 * together; a retried request with the same Idempotency-Key gets the first answer back. Reports
 * arriving together are written together (group commit, set-based): each school is answered once
 * its own report committed, and a batch costs two round trips, not five per report.
 */
@Injectable()
export class SubmitWhistleReportUseCase {
  private readonly groupCommit = new GroupCommit<Submission, SubmittedReport>((submissions) =>
    // Without attachments to link, a batch is two statements outside a transaction: the references,
    // then the reports with their events as one statement, which commits or rolls back whole (a
    // failure leaves a gap in the references, as a rolled-back transaction always did).
    submissions.some((s) => s.input.attachmentIds?.length)
      ? this.dataSource.transaction((manager) => this.submitAll(manager, submissions))
      : this.submitAll(this.dataSource.manager, submissions),
  );
  private readonly countyYear: CountyYear;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly references: ReferenceSequence,
    private readonly cipher: FieldCipher,
    private readonly terms: LifeSafetyTerms,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
  ) {
    this.countyYear = new CountyYear(config.COUNTY_TIMEZONE);
  }

  async execute(actor: Actor, input: SubmitWhistleReport, idempotencyKey?: string): Promise<SubmittedReport> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw AppError.badRequest('Idempotency-Key must be 1 to 200 visible ASCII characters', 'Idempotency-Key');
    }
    if (input.subcategory !== undefined && !isSubcategoryOf(input.category, input.subcategory)) {
      throw AppError.badRequest(`is not a subcategory of ${input.category} (see GET /api/taxonomy)`, 'subcategory');
    }
    if (input.occurredAt !== undefined && Date.parse(input.occurredAt) > Date.now() + 5 * 60_000) {
      throw AppError.badRequest('must not be in the future', 'occurredAt');
    }
    const lifeSafety = await this.terms.matches(
      input.title,
      input.description,
      ...(input.peopleInvolved ?? []).map((person) => person.name),
    );
    const submittedAt = new Date();
    const year = this.countyYear.of(submittedAt);
    // Before the transaction: making a year's sequence needs a connection of its own.
    await this.references.ensure(year);
    const submission: Submission = { actor, input, submittedAt, year, lifeSafety };
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

  /**
   * Writes the reports, their references, attachments and events, set-based: in the caller's
   * transaction, or with `dataSource.manager` when there are no attachments to link first.
   */
  private async submitAll(manager: EntityManager, submissions: readonly Submission[]): Promise<SubmittedReport[]> {
    const numbers = await this.references.nextMany(
      manager,
      submissions.map((s) => s.year),
    );
    const reports: PreparedReport[] = [];
    for (const [i, submission] of submissions.entries()) {
      const id = randomUUID();
      const { actor, input } = submission;
      const attachmentIds = await linkAttachments(
        manager,
        input.attachmentIds,
        { kind: 'user', id: actor.userId },
        { kind: 'report', id },
      );
      reports.push({
        ...submission,
        id,
        reference: formatReference(this.config.REFERENCE_PREFIX, submission.year, numbers[i]),
        location: typeof input.location === 'string' ? { address: input.location } : input.location,
        severity: submission.lifeSafety ? ('urgent' as const) : input.severity,
        attachmentIds: `{${attachmentIds.join(',')}}`,
      });
    }
    const column = <T>(pick: (report: PreparedReport) => T) => reports.map(pick);
    const insertReports = {
      sql: `INSERT INTO intake.whistle_reports
         (id, reference, school_id, reporter_id, category, severity, title, description, location, submitted_at,
          subcategory, occurred_at, lat, lng, people_involved, attachment_ids, life_safety)
       SELECT id, reference, school_id, reporter_id, category, severity, title, description, location, submitted_at,
              subcategory, occurred_at, lat, lng, people_involved, attachment_ids::uuid[], life_safety
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::timestamptz[], $11::text[], $12::timestamptz[], $13::float8[], $14::float8[],
                     $15::text[], $16::text[], $17::boolean[])
           AS r(id, reference, school_id, reporter_id, category, severity, title, description, location, submitted_at,
                subcategory, occurred_at, lat, lng, people_involved, attachment_ids, life_safety)`,
      params: [
        column((r) => r.id),
        column((r) => r.reference),
        column((r) => r.actor.orgId),
        column((r) => r.actor.userId),
        column((r) => r.input.category),
        column((r) => r.severity),
        column((r) => r.input.title),
        column((r) => this.cipher.seal('whistle_reports', 'description', r.id, r.input.description)),
        column((r) => r.location.address),
        column((r) => r.submittedAt),
        column((r) => r.input.subcategory ?? null),
        column((r) => r.input.occurredAt ?? null),
        column((r) => r.location.lat ?? null),
        column((r) => r.location.lng ?? null),
        column((r) =>
          this.cipher.seal(
            'whistle_reports',
            'people_involved',
            r.id,
            r.input.peopleInvolved ? JSON.stringify(r.input.peopleInvolved) : null,
          ),
        ),
        column((r) => r.attachmentIds),
        column((r) => r.lifeSafety),
      ],
    };
    const byReporter = (r: PreparedReport) => ({
      actor: { kind: 'user' as const, id: r.actor.userId },
      correlationId: r.correlationId,
    });
    await this.outbox.appendWith(manager, insertReports, [
      {
        contract: WhistleReportSubmitted,
        items: reports.map((r) => ({
          payload: {
            reportId: r.id,
            reference: r.reference,
            schoolId: r.actor.orgId,
            category: r.input.category,
            severity: r.severity,
            submittedAt: r.submittedAt.toISOString(),
            ...(r.lifeSafety ? { lifeSafety: true } : {}),
          },
          ...byReporter(r),
        })),
      },
      {
        contract: LifeSafetyFlagged,
        items: reports
          .filter((r) => r.lifeSafety)
          .map((r) => ({
            payload: {
              source: 'report' as const,
              sourceId: r.id,
              reference: r.reference,
              flaggedAt: r.submittedAt.toISOString(),
            },
            ...byReporter(r),
          })),
      },
    ]);
    return reports.map((r) => ({ id: r.id, reference: r.reference, status: 'REPORTED' as const }));
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
