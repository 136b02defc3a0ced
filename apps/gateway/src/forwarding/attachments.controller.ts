import { randomUUID } from 'node:crypto';
import { Controller, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type openedAttachmentView, Routes } from '#libs/contracts';
import type { z } from 'zod';
import { AppError } from '#libs/errors';
import { RpcClient } from '#libs/messaging';
import { ATTACHMENT_STORE, type AttachmentStore, StoredFileMissing } from '#libs/storage';
import { HttpRoute } from '../routes/http-route.js';
import { Forwarder } from './forwarder.js';

const TIPSTER_FIELDS = new Set(['trackingCode', 'secret']);

type OpenedAttachment = z.infer<typeof openedAttachmentView>;
const { IntakeUploadAttachment: Upload, IntakeDownloadAttachment: Download } = Routes;

/**
 * Files in and out. An upload is streamed into the shared attachment store and only its store name
 * goes to intake over NATS, which checks the bytes and keeps or refuses it; a download is streamed from
 * the store once intake has said this caller may see it. Public, because a tipster may upload with
 * the tracking code and secret as form fields before the file; intake checks those or the token.
 */
@Controller()
export class AttachmentsController {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly rpc: RpcClient,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

  @HttpRoute(Upload)
  async upload(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (!request.isMultipart()) throw AppError.badRequest('send the file as multipart/form-data', 'file');
    const fields: Record<string, string> = {};
    let upload: string | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (!TIPSTER_FIELDS.has(part.fieldname) || upload) {
            throw AppError.badRequest(
              `unexpected field ${part.fieldname} (only trackingCode and secret, before the file)`,
              part.fieldname,
            );
          }
          fields[part.fieldname] = String(part.value);
          continue;
        }
        if (part.fieldname !== 'file' || upload)
          throw AppError.badRequest('send exactly one file, named "file"', 'file');
        if (!request.headers.authorization && !fields.trackingCode) {
          throw AppError.unauthorized('sign in, or send trackingCode and secret before the file');
        }
        upload = `upload-${randomUUID()}`;
        await this.store.put(upload, part.file);
        if (part.file.truncated)
          throw new AppError(413, 'payload_too_large', 'the file is larger than any accepted', 'file');
      }
      if (!upload) throw AppError.badRequest('a file is required', 'file');
      return await this.forwarder.forward(request, reply, Upload.rpc!, { upload, ...fields });
    } catch (error) {
      if (upload) await this.store.remove(upload).catch(() => undefined);
      throw multipartError(error);
    } finally {
      // Intake moved or removed it; make sure no upload is left behind whatever happened.
      if (upload) await this.store.remove(upload).catch(() => undefined);
    }
  }

  @HttpRoute(Download)
  async download(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string) {
    const attachment = await this.rpc.request<OpenedAttachment>(
      Download.rpc!,
      { id },
      { authorization: request.headers.authorization },
    );
    // A file that is not there is as missing as a row that is not; a store that fails (the broker
    // away) is an outage, which the caller should retry, not a 404 it would believe.
    const content = await this.store.open(attachment.id).catch((error: unknown) => {
      if (error instanceof StoredFileMissing) throw AppError.notFound('attachment');
      throw AppError.unavailable('the attachment store is not available');
    });
    return reply
      .status(200)
      .header('content-type', attachment.contentType)
      .header('content-length', String(attachment.size))
      .header('content-disposition', `attachment; filename="${attachment.id}.${attachment.extension}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(content);
  }
}

/** Multipart's own failures (too many parts, a malformed body) as 4xx in the one error shape. */
function multipartError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string; statusCode?: number }).code ?? '';
  const status = (error as { statusCode?: number }).statusCode;
  if (code.startsWith('FST_') || (status && status < 500)) {
    return new AppError(status && status < 500 ? status : 400, 'bad_request', (error as Error).message, 'file');
  }
  return error;
}
