import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { APP_CONFIG } from '#libs/config';
import type { submitTipRequest } from '#libs/contracts';
import type { IntakeConfig } from '../config.js';
import { LifeSafetyTerms } from '../life-safety/life-safety-terms.service.js';
import { FieldCipher } from '../privacy/field-cipher.js';
import { CountyYear } from '../whistle-reports/county-year.js';
import { ReferenceSequence } from '../whistle-reports/reference-sequence.js';
import { TipEscalation } from './tip-escalation.js';
import { TipGate } from './tip-gate.js';
import { codeHash, newCredentials } from './tracking-code.js';

export type SubmitTip = z.infer<typeof submitTipRequest>;

/** A tip's public reference: county prefix, T, year, counter — never its tracking code. */
export const formatTipReference = (prefix: string, year: number, n: number) =>
  `${prefix}-T${year}-${String(n).padStart(6, '0')}`;

/**
 * Someone writes to the 110 mailbox. Nothing about the sender is kept: only what they wrote
 * (encrypted), a hash of the tracking code and of the secret. A life-safety match escalates the tip
 * to a case at once, day or night, without waiting for triage.
 */
@Injectable()
export class SubmitTipUseCase {
  private readonly countyYear: CountyYear;

  constructor(
    private readonly dataSource: DataSource,
    private readonly gate: TipGate,
    private readonly cipher: FieldCipher,
    private readonly terms: LifeSafetyTerms,
    private readonly escalation: TipEscalation,
    private readonly references: ReferenceSequence,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
  ) {
    this.countyYear = new CountyYear(config.COUNTY_TIMEZONE);
  }

  async execute(input: SubmitTip): Promise<{ trackingCode: string; secret: string }> {
    await this.gate.admit();
    const credentials = newCredentials();
    const secretHash = await this.gate.hashSecret(credentials.secret);
    const lifeSafety = await this.terms.matches(input.what, input.who, input.where, input.when);
    const now = new Date();
    const year = this.countyYear.of(now);
    await this.references.ensure(year, 'tip_reference');
    const id = randomUUID();
    const seal = (column: string, value: string | undefined) => this.cipher.seal('tips', column, id, value);
    await this.dataSource.transaction(async (manager) => {
      const reference = formatTipReference(
        this.config.REFERENCE_PREFIX,
        year,
        await this.references.next(manager, year, 'tip_reference'),
      );
      await manager.query(
        `INSERT INTO intake.tips (id, reference, code_hash, secret_hash, school_id, school_name, category, what,
                                  occurred, place, people, contact, life_safety, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          id,
          reference,
          codeHash(credentials.trackingCode),
          secretHash,
          input.schoolId ?? null,
          seal('school_name', input.schoolName),
          input.category ?? null,
          seal('what', input.what),
          seal('occurred', input.when),
          seal('place', input.where),
          seal('people', input.who),
          seal('contact', input.contact),
          lifeSafety,
          now,
        ],
      );
      if (lifeSafety) {
        await this.escalation.escalate(manager, {
          id,
          reference,
          schoolId: input.schoolId ?? null,
          category: input.category ?? 'bullying',
          severity: 'urgent',
          lifeSafety: true,
        });
      }
    });
    return credentials;
  }
}
