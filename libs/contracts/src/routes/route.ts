import { z } from 'zod';
import { RpcPattern } from '../rpc.js';
import type { Role, ServiceName } from '../vocabulary.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RpcPatternValue = (typeof RpcPattern)[keyof typeof RpcPattern];

/** Who may call: anyone, anyone signed in, or only these roles (others get 403). */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** A failure a route can answer with, in the one error shape `{status, error, message, field?}`. */
export interface RouteError {
  status: number;
  /** The `error` code (see libs/errors). */
  error: string;
  when: string;
}

/** How the RPC payload is made from the HTTP request. */
export interface PayloadMapping {
  /** Path parameters into payload fields, `{id: 'caseId'}`; they win over the body's and the query's. */
  params?: Readonly<Record<string, string>>;
  /** The query string's fields go into the payload. */
  query?: boolean;
  /** A JSON object body goes into the payload; `optional`: an absent body is `{}`. */
  body?: 'required' | 'optional';
  /** A body that is a JSON array is taken as this field (PUT /api/routing-rules takes the rules themselves). */
  arrayBodyAs?: string;
  /** Fields every call of this route sends (the bulletin's `format`). */
  fixed?: Readonly<Record<string, string>>;
  /**
   * A body of this media type (a CSV file) is taken whole, as text, into this field; a JSON object body
   * with the field works as well. Other routes refuse the type (415).
   */
  textBody?: { field: string; contentType: string };
}

/** What the HTTP answer is: the JSON the handler returns (the default), bytes, or nothing. */
export type RouteAnswer =
  | { kind: 'json' }
  /** The RPC answers `{contentType, filename, base64}` (NATS replies are JSON); the gateway sends the bytes. */
  | { kind: 'file'; contentType: string }
  /** The gateway streams bytes (an attachment, a static file) of this type. */
  | { kind: 'stream'; contentType: string }
  | { kind: 'empty' };

export interface RouteDefinitionInput<Req extends z.ZodType, Res extends z.ZodType, A extends Access = Access> {
  method: HttpMethod;
  /** Fastify's form: `/api/cases/:id/assess`. */
  path: string;
  summary: string;
  /** The area it belongs to (an OpenAPI tag; the file under libs/contracts/src/routes). */
  area: string;
  /**
   * `forward`: the gateway sends `rpc` to the owning service and passes its JSON answer on (the table
   * makes the gateway route); `gateway`: a gateway controller handles it (`@HttpRoute`), perhaps calling `rpc`.
   */
  handler: 'forward' | 'gateway';
  rpc?: RpcPatternValue;
  access: A;
  payload?: PayloadMapping;
  /** The RPC payload (or the gateway handler's input), validated by its handler. */
  request: Req;
  /** The handler's JSON answer; for `file` and `stream` answers, what the RPC answers before the bytes. */
  response: Res;
  answer?: RouteAnswer;
  /** The status of a success. */
  status: 200 | 201 | 204;
  /** Failures besides the ones every route of its kind can give (400 bad input, 401, 403, 503). */
  errors?: readonly RouteError[];
  /** For long work on purpose (a quarterly run, a PDF); otherwise RPC_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The `Idempotency-Key` header goes with the RPC. */
  idempotencyKey?: boolean;
  /** A multipart/form-data upload (a file and a few fields) instead of a JSON body. */
  multipart?: boolean;
}

export interface RouteDefinition<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
  A extends Access = Access,
> extends RouteDefinitionInput<Req, Res, A> {
  payload: PayloadMapping;
  answer: RouteAnswer;
  errors: readonly RouteError[];
  /** The service whose handler answers: the RPC pattern's, or the gateway. */
  owner: ServiceName;
}

export const RouteErrors = {
  badInput: { status: 400, error: 'validation_failed', when: 'the input breaks the request schema (`field` names it)' },
  badBody: { status: 400, error: 'bad_request', when: 'the body is not a JSON object' },
  unauthorized: { status: 401, error: 'unauthorized', when: 'no valid bearer token, or the user was disabled' },
  organisationRetired: {
    status: 401,
    error: 'organisation_retired',
    when: "the user's organisation has been retired (POST /api/directory/organisations/:id/retire)",
  },
  forbidden: { status: 403, error: 'forbidden', when: 'the role may not do this, or not to this object' },
  notFound: { status: 404, error: 'not_found', when: 'no such object (or not one the caller may see)' },
  conflict: { status: 409, error: 'conflict', when: 'the object is not in a state that allows this' },
  tooLarge: { status: 413, error: 'payload_too_large', when: 'the body or file is too large' },
  unsupported: { status: 415, error: 'unsupported_media_type', when: 'the file is not of an accepted type' },
  throttled: { status: 429, error: 'too_many_requests', when: 'too many attempts; try again later' },
  unavailable: { status: 503, error: 'service_unavailable', when: 'the owning service did not answer in time' },
} as const satisfies Record<string, RouteError>;

const ownerOf = (rpc: string | undefined, handler: 'forward' | 'gateway'): ServiceName =>
  handler === 'gateway' || !rpc ? 'gateway' : (rpc.split('.')[0] as ServiceName);

/**
 * One route, once: its definition completed with what every route of its kind can fail with, so the
 * OpenAPI document, the gateway and the service binding all read the same list.
 */
export function defineRoute<Req extends z.ZodType, Res extends z.ZodType, const A extends Access>(
  input: RouteDefinitionInput<Req, Res, A>,
): RouteDefinition<Req, Res, A> {
  if (input.handler === 'forward' && !input.rpc) throw new Error(`${input.method} ${input.path}: a forward needs rpc`);
  const implied: RouteError[] = [RouteErrors.badInput];
  if (input.payload?.body === 'required' || input.payload?.arrayBodyAs) implied.push(RouteErrors.badBody);
  if (input.access !== 'public') implied.push(RouteErrors.unauthorized, RouteErrors.organisationRetired);
  if (Array.isArray(input.access)) implied.push(RouteErrors.forbidden);
  if (input.rpc) implied.push(RouteErrors.unavailable);
  const errors = [...implied, ...(input.errors ?? [])];
  const unique = errors.filter(
    (error, index) => errors.findIndex((e) => e.status === error.status && e.error === error.error) === index,
  );
  return {
    ...input,
    payload: input.payload ?? {},
    answer: input.answer ?? (input.status === 204 ? { kind: 'empty' } : { kind: 'json' }),
    errors: unique.sort((a, b) => a.status - b.status),
    owner: ownerOf(input.rpc, input.handler),
  };
}

/** The path parameters of a route, in order: `/api/cases/:id/duplicates/:otherId/dismiss` → id, otherId. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]);

/** `/api/cases/:id` → `/api/cases/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** What the RPC handler answers, as it leaves the service: a Date becomes its ISO text on the wire. */
export type Wire<T> = T extends string
  ? T | Date
  : T extends readonly (infer U)[]
    ? ReadonlyArray<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export type RouteInput<D extends RouteDefinition> = z.output<D['request']>;
export type RouteOutput<D extends RouteDefinition> = Wire<z.output<D['response']>>;
