import fastifyMultipart from '@fastify/multipart';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayConfig } from '../config.js';

/**
 * Multipart bodies (POST /api/attachments only): one file, a few small fields, streamed, never buffered.
 * Not awaited: Nest's adapter answers with the Fastify instance, whose promise is "ready", which only
 * comes after init.
 */
export function registerMultipart(app: INestApplication, config: GatewayConfig): void {
  void (app as NestFastifyApplication).register(fastifyMultipart, {
    limits: { files: 1, fields: 4, fieldSize: 200, parts: 6, fileSize: config.ATTACHMENT_MAX_MB * 1024 * 1024 },
  });
}
