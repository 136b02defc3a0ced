import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { fileTypeFromStream } from 'file-type';
import { DataSource } from 'typeorm';
import { type Actor, TokenService } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import type { checkAttachmentsRequest } from '#libs/contracts';
import { ATTACHMENT_STORE, type AttachmentStore } from '#libs/storage';
import type { z } from 'zod';
import type { IntakeConfig } from '../config.js';
import { TipGate } from '../tips/tip-gate.js';
import { canReadReport } from '../whistle-reports/report-access.js';
import { mayOpenAttachedElsewhere } from './attachment-access.js';
import { ACCEPTED_TYPES, KINDS, kindOf, sizeLimitOf } from './file-kinds.js';
import type { Uploader } from './link-attachments.js';

/** Roles that may open anything attached to a tip (the task force's work). */
const TIP_READERS = new Set(['taskforce_dispatcher', 'supervisor']);

interface AttachmentRow {
  id: string;
  content_type: string;
  size: string;
  uploader_kind: 'user' | 'tipster';
  uploader_id: string;
  attached_kind: 'report' | 'tip' | 'message' | 'evidence' | 'inspection' | 'checklist' | null;
  attached_id: string | null;
  attached_unit_id: string | null;
  attached_school_id: string | null;
}

/** The largest limit of any kind: an upload above it is refused before anything reads it. */
const largestLimit = (config: IntakeConfig) => Math.max(...KINDS.map((kind) => sizeLimitOf(kind, config)));

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
      // The size first, from the store: a file above every limit is never read, and one above its
      // kind's limit only as far as its type shows; the whole file is read only once within its limit.
      const size = await this.store.size(input.upload).catch(() => {
        throw AppError.unavailable('the attachment store is not available');
      });
      if (size === undefined) throw AppError.badRequest('no such upload', 'upload');
      if (size > largestLimit(this.config)) throw tooLarge(largestLimit(this.config), 'file');
      const type = await this.typeOf(input.upload);
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
      if (size > limit) throw tooLarge(limit, kind);
      const bytes = await this.store.read(input.upload);
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

  /**
   * Refuses (400, naming the field) ids that are not the caller's own uploads, or are attached to
   * something other than this kind of thing. Read-only: the link is made when the caller's service
   * announces what it committed, so a refused or rolled-back command leaves nothing attached.
   */
  async check(actor: Actor, input: z.infer<typeof checkAttachmentsRequest>): Promise<Record<string, never>> {
    for (const [field, ids] of Object.entries(input.fields)) {
      if (ids.length === 0) continue;
      const [{ count }] = await this.dataSource.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM intake.attachments
          WHERE id = ANY($1::uuid[]) AND uploader_kind = 'user' AND uploader_id = $2 AND anonymised_at IS NULL
            AND (attached_kind IS NULL OR attached_kind = $3)`,
        [ids, actor.userId, input.kind],
      );
      if (count !== new Set(ids).size) {
        throw AppError.badRequest('names an attachment that is unknown, not yours, or attached elsewhere', field);
      }
    }
    return {};
  }

  private async mayOpen(actor: Actor, row: AttachmentRow): Promise<boolean> {
    if (row.uploader_kind === 'user' && row.uploader_id === actor.userId) return true;
    if (row.attached_kind === 'inspection' || row.attached_kind === 'checklist') {
      return mayOpenAttachedElsewhere(actor, { kind: row.attached_kind, schoolId: row.attached_school_id! });
    }
    if (row.attached_kind === 'evidence') {
      // A case has the id of the report it came from; a tip's or an inspection's case has no report here.
      const [report] = await this.dataSource.query<Array<{ schoolId: string }>>(
        'SELECT school_id AS "schoolId" FROM intake.whistle_reports WHERE id = $1',
        [row.attached_id],
      );
      return mayOpenAttachedElsewhere(actor, {
        kind: 'evidence',
        unitId: row.attached_unit_id!,
        reportSchoolId: report?.schoolId ?? null,
      });
    }
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

  /** The type from the file's first bytes, read from the store only as far as `file-type` needs. */
  private async typeOf(name: string) {
    const stream = await this.store.open(name);
    try {
      return await fileTypeFromStream(Readable.toWeb(stream) as ReadableStream<Uint8Array>);
    } finally {
      stream.destroy();
    }
  }

  /** The image drawn again in its own format: sharp writes no metadata unless asked to. */
  private async withoutMetadata(bytes: Buffer, mime: string): Promise<Buffer> {
    // Loaded on the first image, not at boot (about 28 MB); Node keeps it once loaded.
    const { default: sharp } = await import('sharp');
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

function tooLarge(limit: number, kind: string): AppError {
  const what = kind === 'file' ? 'a file' : `a ${kind}`;
  return new AppError(413, 'payload_too_large', `${what} may be at most ${limit / 1024 / 1024} MB`, 'file');
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
