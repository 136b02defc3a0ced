import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import type { updatePreferencesRequest, WebhookKind } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { effectivePreferences, type Preferences, type PreferencesRow, withInbox } from './preferences.js';

export type UpdatePreferences = z.infer<typeof updatePreferencesRequest>;

/** A user's own preferences (their role's defaults until they set them), and units' work-chat robots. */
@Injectable()
export class PreferencesService {
  constructor(private readonly dataSource: DataSource) {}

  async get(actor: Actor): Promise<Preferences> {
    const [row] = await this.dataSource.query<PreferencesRow[]>(
      'SELECT language, email, phone, channels, quiet_from, quiet_to FROM notify.preferences WHERE user_id = $1',
      [actor.userId],
    );
    return effectivePreferences(actor.role, row);
  }

  /** Replaces the caller's preferences; kinds left out of `channels` keep the role's defaults; an absent email or phone is removed. */
  async update(actor: Actor, input: UpdatePreferences): Promise<Preferences> {
    const channels = Object.fromEntries(
      Object.entries(input.channels).map(([kind, list]) => [kind, withInbox(list ?? [])]),
    );
    await this.dataSource.query(
      `INSERT INTO notify.preferences (user_id, language, email, phone, channels, quiet_from, quiet_to, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language, email = EXCLUDED.email,
         phone = EXCLUDED.phone, channels = EXCLUDED.channels, quiet_from = EXCLUDED.quiet_from,
         quiet_to = EXCLUDED.quiet_to, updated_at = now()`,
      [
        actor.userId,
        input.language,
        input.email ?? null,
        input.phone ?? null,
        JSON.stringify(channels),
        input.quietHours?.from ?? null,
        input.quietHours?.to ?? null,
      ],
    );
    return this.get(actor);
  }

  /**
   * Sets a department's work-chat robot. The URL and secret are credentials: stored, never
   * answered back or logged (the answer says only whether a secret is set).
   */
  async setUnitWebhook(input: {
    unitId: string;
    kind: WebhookKind;
    url: string;
    secret?: string;
  }): Promise<{ unitId: string; kind: WebhookKind; secretSet: boolean }> {
    const [organisation] = await this.dataSource.query<Array<{ kind: string }>>(
      'SELECT kind FROM notify.organisations WHERE org_id = $1',
      [input.unitId],
    );
    if (!organisation) throw AppError.notFound('unit');
    if (organisation.kind !== 'department') throw AppError.badRequest('must be a department', 'unitId');
    if (input.kind === 'wecom' && !new URL(input.url).searchParams.get('key')) {
      throw AppError.badRequest('a WeCom robot URL carries its key: …/send?key=…', 'url');
    }
    await this.dataSource.query(
      `INSERT INTO notify.unit_webhooks (unit_id, kind, url, secret, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (unit_id) DO UPDATE SET kind = EXCLUDED.kind, url = EXCLUDED.url, secret = EXCLUDED.secret,
         updated_at = now()`,
      [input.unitId, input.kind, input.url, input.secret ?? null],
    );
    return { unitId: input.unitId, kind: input.kind, secretSet: input.secret !== undefined };
  }
}
