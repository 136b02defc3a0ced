import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { OrganisationRegistered, type PayloadOf } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';
import { Unit } from './unit.entity.js';

@Controller()
export class UnitsProjection {
  @OnEvent(OrganisationRegistered)
  async onOrganisationRegistered(
    @Payload() event: PayloadOf<typeof OrganisationRegistered>,
    @Ctx() context: BusEventContext,
  ) {
    await context.manager.upsert(Unit, { id: event.orgId, kind: event.kind, code: event.code, name: event.name }, [
      'id',
    ]);
  }
}
