import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { getPreferencesRequest, RpcPattern, setUnitWebhookRequest, updatePreferencesRequest } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { PreferencesService, type UpdatePreferences } from './preferences.service.js';

/** Each user reads and sets only their own preferences; administrators set units' robots. */
@Controller()
@UseGuards(AuthGuard)
export class PreferencesRpc {
  constructor(private readonly preferences: PreferencesService) {}

  @OnRpc(RpcPattern.NotifyGetPreferences)
  get(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(getPreferencesRequest)) _: unknown) {
    return this.preferences.get(actor);
  }

  @OnRpc(RpcPattern.NotifyUpdatePreferences)
  update(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(updatePreferencesRequest)) input: UpdatePreferences,
  ) {
    return this.preferences.update(actor, input);
  }

  @OnRpc(RpcPattern.NotifySetUnitWebhook)
  @Roles('administrator')
  setUnitWebhook(@Payload(new ZodValidationPipe(setUnitWebhookRequest)) input: z.infer<typeof setUnitWebhookRequest>) {
    return this.preferences.setUnitWebhook(input);
  }
}
