import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { PreferencesService } from './preferences.service.js';

const { NotifyGetPreferences: Get, NotifyUpdatePreferences: Update, NotifySetUnitWebhook: SetWebhook } = Routes;

/** Each user reads and sets only their own preferences; administrators set units' robots. */
@Controller()
@UseGuards(AuthGuard)
export class PreferencesRpc {
  constructor(private readonly preferences: PreferencesService) {}

  @OnRoute(Get)
  get(_input: In<typeof Get>, actor: Actor) {
    return this.preferences.get(actor);
  }

  @OnRoute(Update)
  update(input: In<typeof Update>, actor: Actor) {
    return this.preferences.update(actor, input);
  }

  @OnRoute(SetWebhook)
  setUnitWebhook(input: In<typeof SetWebhook>) {
    return this.preferences.setUnitWebhook(input);
  }
}
