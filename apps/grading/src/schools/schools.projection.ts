import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { OrganisationChanged, OrganisationRegistered, type PayloadOf } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';

/**
 * Grading's copy of the county's schools, learned from the gateway's directory events: a registration
 * is revision 1, each change (a rename, a retirement, a reinstatement) the whole state with a higher
 * one; an event applies only over an older revision, so one delivered late or replayed changes nothing.
 */
@Controller()
export class SchoolsProjection {
  @OnEvent(OrganisationRegistered)
  async onOrganisationRegistered(
    @Payload() event: PayloadOf<typeof OrganisationRegistered>,
    @Ctx() context: BusEventContext,
  ) {
    if (event.kind !== 'school') return;
    await context.manager.query(
      `INSERT INTO grading.schools (id, code, name, retired_at, revision) VALUES ($1, $2, $3, NULL, 1)
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name
        WHERE grading.schools.revision <= 1`,
      [event.orgId, event.code, event.name],
    );
  }

  @OnEvent(OrganisationChanged)
  async onOrganisationChanged(
    @Payload() event: PayloadOf<typeof OrganisationChanged>,
    @Ctx() context: BusEventContext,
  ) {
    if (event.kind !== 'school') return;
    await context.manager.query(
      `INSERT INTO grading.schools (id, code, name, retired_at, revision) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name,
              retired_at = EXCLUDED.retired_at, revision = EXCLUDED.revision
        WHERE grading.schools.revision < EXCLUDED.revision`,
      [event.orgId, event.code, event.name, event.retiredAt, event.revision],
    );
  }
}
