import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { OrganisationRegistered, type PayloadOf } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';

/** Grading's copy of the county's schools, learned from the gateway's directory events. */
@Controller()
export class SchoolsProjection {
  @OnEvent(OrganisationRegistered)
  async onOrganisationRegistered(
    @Payload() event: PayloadOf<typeof OrganisationRegistered>,
    @Ctx() context: BusEventContext,
  ) {
    if (event.kind !== 'school') return;
    await context.manager.query(
      `INSERT INTO grading.schools (id, code, name) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name`,
      [event.orgId, event.code, event.name],
    );
  }
}
