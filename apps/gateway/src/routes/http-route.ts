import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  RequestMapping,
  RequestMethod,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Public, Roles } from '#libs/auth';
import type { RouteDefinition } from '#libs/contracts';
import { AppError } from '#libs/errors';

/** The request body, which must be a JSON object; the handler's schema checks its fields. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw AppError.badRequest('the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/**
 * The payload of a route's handler, made as its definition says: the query string, the body, the
 * route's fixed fields, then the path parameters (which win).
 */
export function payloadOf(route: RouteDefinition, request: FastifyRequest): Record<string, unknown> {
  const mapping = route.payload;
  const query = mapping.query ? (request.query as Record<string, unknown>) : {};
  let body: Record<string, unknown> = {};
  if (mapping.arrayBodyAs) {
    const field = mapping.arrayBodyAs;
    body = { [field]: Array.isArray(request.body) ? request.body : bodyObject(request.body)[field] };
  } else if (mapping.textBody && typeof request.body === 'string') {
    // Only a route with a text body gets a string here: the text parser refuses the type elsewhere.
    body = { [mapping.textBody.field]: request.body };
  } else if (mapping.body === 'required' || (mapping.body === 'optional' && request.body != null)) {
    body = bodyObject(request.body);
  }
  const params = request.params as Record<string, string>;
  const fromPath = Object.fromEntries(
    Object.entries(mapping.params ?? {}).map(([param, field]) => [field, params[param]]),
  );
  return { ...query, ...body, ...mapping.fixed, ...fromPath };
}

/** The method, path, success status and access (public, signed in, or roles) of a route, from its definition. */
export function HttpRoute(route: RouteDefinition): MethodDecorator {
  const access = route.access === 'public' ? [Public()] : route.access === 'signed-in' ? [] : [Roles(...route.access)];
  return applyDecorators(
    RequestMapping({ path: route.path, method: RequestMethod[route.method] }),
    HttpCode(route.status),
    ...access,
  );
}

/** A gateway handler's input: made and validated as the route's definition says (400 naming the field). */
export const RouteInput = createParamDecorator((route: RouteDefinition, context: ExecutionContext): unknown =>
  route.request.parse(payloadOf(route, context.switchToHttp().getRequest<FastifyRequest>())),
);
export type InputOf<R extends RouteDefinition> = z.output<R['request']>;
