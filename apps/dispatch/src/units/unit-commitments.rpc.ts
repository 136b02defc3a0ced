import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor } from '#libs/auth';
import { ServiceRpcPattern, unitCommitmentsRequest } from '#libs/contracts';
import { AppError, ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { FINAL_STATUSES } from '../domain/case-lifecycle.js';

/**
 * What still ties a unit to the work, asked by the gateway (with the administrator's own token)
 * before it retires the unit: its tasks, lead or assisting, not declined or replaced, on cases not
 * yet ended (a rectified task comes back if its case is reopened), and the routing rules naming it.
 */
@Controller()
@UseGuards(AuthGuard)
export class UnitCommitmentsRpc {
  constructor(private readonly dataSource: DataSource) {}

  @OnRpc(ServiceRpcPattern.DispatchUnitCommitments)
  async commitments(
    @Payload(new ZodValidationPipe(unitCommitmentsRequest)) { unitId }: z.infer<typeof unitCommitmentsRequest>,
    @CurrentActor() actor: Actor,
  ): Promise<{ openTasks: number; routingRules: number }> {
    if (actor.role !== 'administrator') throw AppError.forbidden('only an administrator retires a unit');
    const [{ openTasks, routingRules }] = await this.dataSource.query<
      Array<{ openTasks: number; routingRules: number }>
    >(
      `SELECT (SELECT count(*)::int FROM dispatch.tasks t JOIN dispatch.cases c ON c.id = t.case_id
                WHERE t.unit_id = $1 AND t.status NOT IN ('DECLINED', 'SUPERSEDED')
                  AND c.status <> ALL($2::text[])) AS "openTasks",
              (SELECT count(*)::int FROM dispatch.routing_rules
                WHERE lead_unit_id = $1 OR $1 = ANY(assisting_unit_ids)) AS "routingRules"`,
      [unitId, [...FINAL_STATUSES]],
    );
    return { openTasks, routingRules };
  }
}
