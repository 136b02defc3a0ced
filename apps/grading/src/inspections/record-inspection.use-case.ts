import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import {
  InspectionFindingRaised,
  InspectionRecorded,
  type recordInspectionRequest,
  type Severity,
} from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { inspectableAt } from '../schools/school-service.js';

export type RecordInspection = z.infer<typeof recordInspectionRequest>;

/** How urgent a case opened from a finding is: a critical finding is urgent, a major one high. */
const CASE_SEVERITY: Record<RecordInspection['findings'][number]['severity'], Severity> = {
  critical: 'urgent',
  major: 'high',
  minor: 'normal',
};

/**
 * An inspector records an inspection of a school with its findings. Each finding that needs
 * departments is raised as an event (ids and codes only, never the note), on which dispatch opens
 * a case of source `inspection`; inspection and events commit together.
 */
@Injectable()
export class RecordInspectionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: Actor, input: RecordInspection) {
    if (Date.parse(input.at) > Date.now() + 5 * 60_000)
      throw AppError.badRequest('at: must not be in the future', 'at');
    const id = randomUUID();
    const count = (severity: string) => input.findings.filter((finding) => finding.severity === severity).length;
    await this.dataSource.transaction(async (manager) => {
      const [school] = await manager.query<Array<{ retiredAt: Date | null }>>(
        'SELECT retired_at AS "retiredAt" FROM grading.schools WHERE id = $1',
        [input.schoolId],
      );
      if (!school) throw AppError.badRequest('schoolId: no such school', 'schoolId');
      if (!inspectableAt(school.retiredAt, new Date(input.at))) {
        throw new AppError(
          400,
          'school_retired',
          'schoolId: the school was retired before this inspection',
          'schoolId',
        );
      }
      await manager.query(
        `INSERT INTO grading.inspections
           (id, school_id, kind, campaign, at, findings, minor_findings, major_findings, critical_findings, attachment_ids, inspector_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          id,
          input.schoolId,
          input.kind,
          input.campaign ?? null,
          input.at,
          JSON.stringify(input.findings),
          count('minor'),
          count('major'),
          count('critical'),
          input.attachmentIds ?? [],
          actor.userId,
        ],
      );
      const raisedAt = new Date().toISOString();
      // Ids only: intake links the inspector's uploads to the inspection and its school.
      await this.outbox.append(
        manager,
        InspectionRecorded,
        {
          inspectionId: id,
          schoolId: input.schoolId,
          inspectorId: actor.userId,
          attachmentIds: input.attachmentIds ?? [],
          recordedAt: raisedAt,
        },
        { actor: { kind: 'user', id: actor.userId } },
      );
      await this.outbox.appendMany(
        manager,
        InspectionFindingRaised,
        input.findings.flatMap((finding, findingIndex) =>
          finding.needsUnits
            ? [
                {
                  inspectionId: id,
                  findingIndex,
                  schoolId: input.schoolId,
                  // Inspections look at the school's safety conditions: the public-safety action line.
                  category: 'public-safety' as const,
                  severity: CASE_SEVERITY[finding.severity],
                  raisedAt,
                },
              ]
            : [],
        ),
        { actor: { kind: 'user', id: actor.userId } },
      );
    });
    return { id };
  }
}
