import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import type { RpcErrorBody } from '#libs/contracts';

/** An expected failure with the HTTP status it maps to; the message is safe to show the caller. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badRequest(message: string, field?: string): AppError {
    return new AppError(400, 'bad_request', message, field);
  }
  static unauthorized(message = 'a valid bearer token is required'): AppError {
    return new AppError(401, 'unauthorized', message);
  }
  static forbidden(message = 'your role may not do this'): AppError {
    return new AppError(403, 'forbidden', message);
  }
  static notFound(what: string): AppError {
    return new AppError(404, 'not_found', `${what} not found`);
  }
  static conflict(message: string): AppError {
    return new AppError(409, 'conflict', message);
  }
  static unavailable(message: string): AppError {
    return new AppError(503, 'service_unavailable', message);
  }

  toBody(): RpcErrorBody {
    return {
      status: this.status,
      error: this.error,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
    };
  }
}

export function validationErrorBody(error: ZodError): RpcErrorBody {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const message = issue ? `${field ?? 'body'}: ${issue.message}` : 'invalid input';
  return { status: 400, error: 'validation_failed', message, ...(field ? { field } : {}) };
}

function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  const body = value as RpcErrorBody | null;
  return typeof body?.status === 'number' && typeof body.message === 'string' && typeof body.error === 'string';
}

/** Error codes for statuses that Nest or Fastify raise themselves. */
const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** The `error` code of a status that Nest or Fastify raised. */
export function errorCodeFor(status: number): string {
  return STATUS_CODES[status] ?? 'http_error';
}

/** Maps anything thrown to the body a caller sees; unknown errors become an opaque 500. */
export function errorBodyOf(exception: unknown): RpcErrorBody {
  if (exception instanceof AppError) return exception.toBody();
  if (exception instanceof ZodError) return validationErrorBody(exception);
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const detail = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = typeof detail === 'string' ? detail : Array.isArray(detail) ? detail.join('; ') : exception.message;
    const status = exception.getStatus();
    return { status, error: errorCodeFor(status), message };
  }
  if (isRpcErrorBody(exception)) return exception;
  return { status: 500, error: 'internal_error', message: 'an internal error occurred; it has been logged' };
}

/** A short description of an error for logs: its class and message, never a payload. */
export function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'unknown error';
}
