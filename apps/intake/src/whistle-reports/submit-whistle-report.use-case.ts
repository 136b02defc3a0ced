import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { LifeSafetyFlagged, type submitWhistleReportRequest, WhistleReportSubmitted } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { linkAttachments } from '../attachments/link-attachments.js';
import type { IntakeConfig } from '../config.js';
import { LifeSafetyTerms } from '../life-safety/life-safety-terms.service.js';
import { FieldCipher } from '../privacy/field-cipher.js';
import { formatReference } from './reference.js';
import { ReferenceSequence } from './reference-sequence.js';
import { isSubcategoryOf } from './taxonomy.js';

export type SubmitWhistleReport = z.infer<typeof submitWhistleReportRequest>;
export interface SubmittedReport {
  id: string;
  reference: string;
  status: 'REPORTED';
}

/**
 * A school blows the whistle. The report, its reference and the event announcing it commit
 * together; a retried request with the same Idempotency-Key gets the first answer back.
 */
@Injectable()
export class SubmitWhistleReportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly references: ReferenceSequence,
    private readonly cipher: FieldCipher,
    private readonly terms: LifeSafetyTerms,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
  ) {}

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
    const now = DateTime.now();
    const year = now.setZone(this.config.COUNTY_TIMEZONE).year;
    // Before the transaction: making a year's sequence needs a connection of its own.
    await this.references.ensure(year);
    return this.dataSource.transaction(async (manager) => {
      if (idempotencyKey) {
        const earlier = await this.claimKey(manager, actor, idempotencyKey, input);
        if (earlier) return earlier;
      }
      const submitted = await this.submit(manager, actor, input, now.toJSDate(), year, lifeSafety);
      if (idempotencyKey) {
        await manager.query('UPDATE intake.idempotency_keys SET response = $3 WHERE actor_id = $1 AND key = $2', [
          actor.userId,
          idempotencyKey,
          JSON.stringify(submitted),
        ]);
      }
      return submitted;
    });
  }

  private async submit(
    manager: EntityManager,
    actor: Actor,
    input: SubmitWhistleReport,
    submittedAt: Date,
    year: number,
    lifeSafety: boolean,
  ): Promise<SubmittedReport> {
    const id = randomUUID();
    const reference = formatReference(this.config.REFERENCE_PREFIX, year, await this.references.next(manager, year));
    const location = typeof input.location === 'string' ? { address: input.location } : input.location;
    const attachmentIds = await linkAttachments(
      manager,
      input.attachmentIds,
      { kind: 'user', id: actor.userId },
      { kind: 'report', id },
    );
    await manager.query(
      `INSERT INTO intake.whistle_reports
         (id, reference, school_id, reporter_id, category, severity, title, description, location, submitted_at,
          subcategory, occurred_at, lat, lng, people_involved, attachment_ids, life_safety)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        id,
        reference,
        actor.orgId,
        actor.userId,
        input.category,
        lifeSafety ? 'urgent' : input.severity,
        input.title,
        this.cipher.seal('whistle_reports', 'description', id, input.description),
        location.address,
        submittedAt,
        input.subcategory ?? null,
        input.occurredAt ?? null,
        location.lat ?? null,
        location.lng ?? null,
        this.cipher.seal(
          'whistle_reports',
          'people_involved',
          id,
          input.peopleInvolved ? JSON.stringify(input.peopleInvolved) : null,
        ),
        attachmentIds,
        lifeSafety,
      ],
    );
    await this.outbox.append(
      manager,
      WhistleReportSubmitted,
      {
        reportId: id,
        reference,
        schoolId: actor.orgId,
        category: input.category,
        severity: lifeSafety ? 'urgent' : input.severity,
        submittedAt: submittedAt.toISOString(),
        ...(lifeSafety ? { lifeSafety: true } : {}),
      },
      { actor: { kind: 'user', id: actor.userId } },
    );
    if (lifeSafety) {
      await this.outbox.append(
        manager,
        LifeSafetyFlagged,
        { source: 'report', sourceId: id, reference, flaggedAt: submittedAt.toISOString() },
        { actor: { kind: 'user', id: actor.userId } },
      );
    }
    return { id, reference, status: 'REPORTED' };
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
