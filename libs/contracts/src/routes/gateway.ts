import { z } from 'zod';
import { pageRequestShape } from '../paging.js';
import { text } from '../rpc.js';
import { type Role, roleSchema } from '../vocabulary.js';
import { defineRoute, RouteErrors as E } from './route.js';
import {
  organisationView,
  pageView,
  sessionView,
  systemHealthView,
  totpEnrolmentView,
  totpStatusView,
  userView,
} from './views.js';

const area = 'gateway';

/** A code of an authenticator app (RFC 6238: six digits). */
export const totpCode = z.string().regex(/^\d{6}$/, 'must be the six digits the authenticator app shows');
/** The roles that may (and, with TOTP_REQUIRED_ROLES, must) protect their sign-in with a second factor. */
export const SECOND_FACTOR_ROLES = [
  'department_handler',
  'department_head',
  'taskforce_dispatcher',
  'supervisor',
  'administrator',
] as const satisfies readonly Role[];

/** `totp`: the current code, required once the user has turned the second factor on. */
export const loginRequest = z.strictObject({
  username: text(64),
  password: z.string().min(1).max(200),
  totp: totpCode.optional(),
});
export const refreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(200) });

/** Organisations by code (unique), a page at a time; the cursor holds the last code shown. */
export const listOrganisationsRequest = z.strictObject(
  pageRequestShape(
    z.tuple([
      z
        .string()
        .min(1)
        .max(200)
        .refine((code) => !code.includes('\u0000')),
    ]),
  ),
);

export const listUsersRequest = z.strictObject(pageRequestShape(z.tuple([z.string().min(1).max(64)])));
export const createUserRequest = z.strictObject({
  username: z
    .string()
    .trim()
    .min(3, 'must be at least 3 characters')
    .max(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, ".", "_" and "-" only, starting with a letter or digit'),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
  role: roleSchema,
  orgId: z.uuid(),
  displayName: text(100).optional(),
});
/** The user's id from the path, and the change; `resetTotp: true` turns their second factor off (a lost phone). */
export const updateUserRequest = z
  .strictObject({
    id: z.uuid('must be a UUID'),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    resetTotp: z.literal(true).optional(),
  })
  .refine((change) => change.role !== undefined || change.disabled !== undefined || change.resetTotp, {
    message: 'give a new role, disabled: true or false, or resetTotp: true',
    path: ['role'],
  });
export const totpCodeRequest = z.strictObject({ code: totpCode });
export const emptyRequest = z.strictObject({});
/** A file of the Swagger UI (`swagger-ui-dist`). */
export const docsFileRequest = z.strictObject({ file: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9]+)+$/) });

const codeErrors = [
  { status: 400, error: 'totp_invalid', when: 'the code is wrong, or was already used (`field`: code)' },
  { status: 409, error: 'conflict', when: 'no second factor is being set up, or one is already on' },
];

const throttled = [
  { status: 429, error: 'too_many_attempts', when: 'too many failed sign-ins; wait (see Retry-After)' },
  { status: 503, error: 'service_unavailable', when: 'sign-in is busy; try again in a moment' },
];

/** Handled in the gateway itself: sign-in, users, the directory, health and the API's own description. */
export const GatewayRoutes = {
  GatewayLogin: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Sign in: an access token and a refresh token',
    area,
    handler: 'gateway',
    access: 'public',
    payload: { body: 'required' },
    request: loginRequest,
    response: sessionView,
    status: 200,
    errors: [
      { ...E.unauthorized, when: 'wrong username or password' },
      {
        status: 401,
        error: 'totp_required',
        when: 'the password is right and the user has a second factor: send `totp` too',
      },
      { status: 401, error: 'totp_invalid', when: 'the code is wrong, or was already used' },
      ...throttled,
    ],
  }),
  GatewayRefresh: defineRoute({
    method: 'POST',
    path: '/api/auth/refresh',
    summary: 'A new access token and the next refresh token; the one presented is used up',
    area,
    handler: 'gateway',
    access: 'public',
    payload: { body: 'required' },
    request: refreshRequest,
    response: sessionView,
    status: 200,
    errors: [{ ...E.unauthorized, when: 'the refresh token is invalid, expired or was already used' }],
  }),
  GatewayLogout: defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'End the session the refresh token belongs to',
    area,
    handler: 'gateway',
    access: 'public',
    payload: { body: 'required' },
    request: refreshRequest,
    response: z.null(),
    status: 204,
  }),
  GatewayListUsers: defineRoute({
    method: 'GET',
    path: '/api/users',
    summary: 'Users by username, a page at a time',
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { query: true },
    request: listUsersRequest,
    response: pageView(userView),
    status: 200,
  }),
  GatewayCreateUser: defineRoute({
    method: 'POST',
    path: '/api/users',
    summary: 'A new user of an organisation',
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { body: 'required' },
    request: createUserRequest,
    response: userView,
    status: 201,
    errors: [E.conflict],
  }),
  GatewayUpdateUser: defineRoute({
    method: 'PATCH',
    path: '/api/users/:id',
    summary: "Change a user's role, disable them, or reset their second factor; takes effect on their next request",
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { params: { id: 'id' }, body: 'required' },
    request: updateUserRequest,
    response: userView,
    status: 200,
    errors: [E.notFound, E.conflict],
  }),
  GatewayEnrolTotp: defineRoute({
    method: 'POST',
    path: '/api/me/totp',
    summary: "Start setting up the caller's second factor: a new secret for an authenticator app, shown once",
    area,
    handler: 'gateway',
    access: SECOND_FACTOR_ROLES,
    payload: { body: 'optional' },
    request: emptyRequest,
    response: totpEnrolmentView,
    status: 200,
    errors: [codeErrors[1]],
  }),
  GatewayConfirmTotp: defineRoute({
    method: 'POST',
    path: '/api/me/totp/confirm',
    summary: 'Turn the second factor on with a code from the app set up with the new secret',
    area,
    handler: 'gateway',
    access: SECOND_FACTOR_ROLES,
    payload: { body: 'required' },
    request: totpCodeRequest,
    response: totpStatusView,
    status: 200,
    errors: [...codeErrors, ...throttled],
  }),
  GatewayDisableTotp: defineRoute({
    method: 'POST',
    path: '/api/me/totp/disable',
    summary: "Turn the caller's second factor off with a current code",
    area,
    handler: 'gateway',
    access: SECOND_FACTOR_ROLES,
    payload: { body: 'required' },
    request: totpCodeRequest,
    response: totpStatusView,
    status: 200,
    errors: [...codeErrors, ...throttled],
  }),
  GatewayListSchools: defineRoute({
    method: 'GET',
    path: '/api/directory/schools',
    summary: 'Schools by code, a page at a time',
    area,
    handler: 'gateway',
    access: 'signed-in',
    payload: { query: true },
    request: listOrganisationsRequest,
    response: pageView(organisationView),
    status: 200,
  }),
  GatewayListUnits: defineRoute({
    method: 'GET',
    path: '/api/directory/units',
    summary: 'Units (the departments cases are assigned to) by code, a page at a time',
    area,
    handler: 'gateway',
    access: 'signed-in',
    payload: { query: true },
    request: listOrganisationsRequest,
    response: pageView(organisationView),
    status: 200,
  }),
  GatewayHealth: defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: "Up or down for anyone; each service's checks for administrators (503 when not all ok)",
    area,
    handler: 'gateway',
    access: 'public',
    request: emptyRequest,
    response: systemHealthView,
    status: 200,
    errors: [{ ...E.unauthorized, when: 'a token was sent and is not valid' }, E.unavailable],
  }),
  GatewayOpenApi: defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This description of the API (OpenAPI 3.1), made from the route definitions',
    area,
    handler: 'gateway',
    access: 'public',
    request: emptyRequest,
    response: z.record(z.string(), z.unknown()),
    status: 200,
  }),
  GatewayDocs: defineRoute({
    method: 'GET',
    path: '/api/docs',
    summary: 'Swagger UI over /api/openapi.json',
    area,
    handler: 'gateway',
    access: 'public',
    request: emptyRequest,
    response: z.string(),
    answer: { kind: 'stream', contentType: 'text/html' },
    status: 200,
  }),
  GatewayDocsFile: defineRoute({
    method: 'GET',
    path: '/api/docs/:file',
    summary: "The Swagger UI's scripts and styles",
    area,
    handler: 'gateway',
    access: 'public',
    payload: { params: { file: 'file' } },
    request: docsFileRequest,
    response: z.string(),
    answer: { kind: 'stream', contentType: 'application/octet-stream' },
    status: 200,
    errors: [E.notFound],
  }),
};
