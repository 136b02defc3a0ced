import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { type Actor, TokenService } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import { ATTACHMENT_STORE, type AttachmentStore } from '#libs/storage';
import type { IntakeConfig } from '../config.js';
import { TipGate } from '../tips/tip-gate.js';
import { canReadReport } from '../whistle-reports/report-access.js';
import { ACCEPTED_TYPES, kindOf, sizeLimitOf } from './file-kinds.js';
import type { Uploader } from './link-attachments.js';

/** Roles that may open anything attached to a tip (the task force's work). */
const TIP_READERS = new Set(['taskforce_dispatcher', 'supervisor']);

interface AttachmentRow {
  id: string;
  content_type: string;
  size: string;
  uploader_kind: 'user' | 'tipster';
  uploader_id: string;
  attached_kind: 'report' | 'tip' | 'message' | null;
  attached_id: string | null;
}

/**
 * Checks and keeps an uploaded file: the type from its bytes (never the name or the header), the size
 * limit of that kind, images re-encoded without EXIF, GPS or author data; then decides who may open it.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly gate: TipGate,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

  async register(authorization: string | undefined, input: { upload: string; trackingCode?: string; secret?: string }) {
    try {
      const uploader = await this.uploaderOf(authorization, input);
      const bytes = await this.store.read(input.upload).catch(() => {
        throw AppError.badRequest('no such upload', 'upload');
      });
      const type = await fileTypeFromBuffer(bytes);
      const kind = type ? kindOf(type.mime) : undefined;
      if (!type || !kind) {
        throw new AppError(
          415,
          'unsupported_media_type',
          `the file is not one of ${ACCEPTED_TYPES.join(', ')}`,
          'file',
        );
      }
      const limit = sizeLimitOf(kind, this.config);
      if (bytes.length > limit) {
        throw new AppError(413, 'payload_too_large', `a ${kind} may be at most ${limit / 1024 / 1024} MB`, 'file');
      }
      const kept = kind === 'image' ? await this.withoutMetadata(bytes, type.mime) : bytes;
      const id = randomUUID();
      const sha256 = createHash('sha256').update(kept).digest('hex');
      await this.store.put(id, Readable.from([kept]));
      try {
        await this.dataSource.query(
          `INSERT INTO intake.attachments (id, storage_key, content_type, size, sha256, uploader_kind, uploader_id, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
          [id, id, type.mime, kept.length, sha256, uploader.kind, uploader.id],
        );
      } catch (error) {
        await this.store.remove(id);
        throw error;
      }
      return { id, contentType: type.mime, size: kept.length, sha256 };
    } finally {
      await this.store.remove(input.upload).catch(() => undefined);
    }
  }

  /** What the gateway needs to stream the file, once this caller may see it; 404 otherwise. */
  async open(actor: Actor, id: string) {
    // An anonymised attachment's file is gone: as missing as one never uploaded.
    const [row] = await this.dataSource.query<AttachmentRow[]>(
      'SELECT * FROM intake.attachments WHERE id = $1 AND anonymised_at IS NULL',
      [id],
    );
    if (!row || !(await this.mayOpen(actor, row))) throw AppError.notFound('attachment');
    return {
      id: row.id,
      contentType: row.content_type,
      size: Number(row.size),
      extension: extensionOf(row.content_type),
    };
  }

  private async mayOpen(actor: Actor, row: AttachmentRow): Promise<boolean> {
    if (row.uploader_kind === 'user' && row.uploader_id === actor.userId) return true;
    let kind = row.attached_kind;
    let targetId = row.attached_id;
    if (kind === 'message') {
      const [message] = await this.dataSource.query<Array<{ thread_kind: 'tip' | 'report'; thread_id: string }>>(
        'SELECT thread_kind, thread_id FROM intake.messages WHERE id = $1',
        [targetId],
      );
      if (!message) return false;
      [kind, targetId] = [message.thread_kind, message.thread_id];
    }
    if (kind === 'tip') return TIP_READERS.has(actor.role);
    if (kind === 'report') {
      const [report] = await this.dataSource.query<Array<{ schoolId: string }>>(
        'SELECT school_id AS "schoolId" FROM intake.whistle_reports WHERE id = $1',
        [targetId],
      );
      return report !== undefined && canReadReport(actor, report);
    }
    return false;
  }

  private async uploaderOf(
    authorization: string | undefined,
    input: { trackingCode?: string; secret?: string },
  ): Promise<Uploader> {
    if (authorization) return { kind: 'user', id: this.tokens.verify(authorization).userId };
    if (!input.trackingCode || !input.secret) {
      throw AppError.unauthorized('sign in, or send trackingCode and secret before the file');
    }
    const tip = await this.gate.verify(input.trackingCode, input.secret);
    return { kind: 'tipster', id: tip.id };
  }

  /** The image drawn again in its own format: sharp writes no metadata unless asked to. */
  private async withoutMetadata(bytes: Buffer, mime: string): Promise<Buffer> {
    const image = sharp(bytes, { failOn: 'error' }).rotate();
    try {
      if (mime === 'image/png') return await image.png().toBuffer();
      if (mime === 'image/webp') return await image.webp().toBuffer();
      return await image.jpeg({ quality: 90 }).toBuffer();
    } catch {
      throw new AppError(415, 'unsupported_media_type', 'the image could not be read', 'file');
    }
  }
}

function extensionOf(mime: string): string {
  const map: Record<string, string> = {
    'image/jpeg': 'jpg',
    'image/png': 'png',
    'image/webp': 'webp',
    'application/pdf': 'pdf',
    'audio/mpeg': 'mp3',
    'audio/mp4': 'm4a',
    'audio/x-m4a': 'm4a',
    'audio/aac': 'aac',
    'audio/ogg': 'ogg',
    'audio/wav': 'wav',
    'audio/x-wav': 'wav',
    'video/mp4': 'mp4',
    'video/quicktime': 'mov',
    'video/webm': 'webm',
  };
  return map[mime] ?? 'bin';
}
