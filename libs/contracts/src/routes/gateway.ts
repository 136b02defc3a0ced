import { z } from 'zod';
import { pageRequestShape } from '../paging.js';
import { text } from '../rpc.js';
import { type Role, roleSchema } from '../vocabulary.js';
import { defineRoute, RouteErrors as E } from './route.js';
import {
  organisationImportView,
  userImportView,
  organisationView,
  pageView,
  sessionView,
  systemHealthView,
  totpEnabledView,
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

/**
 * `totp`: the current code, required once the user has turned the second factor on; or instead
 * `recoveryCode`, one of the codes given when it was turned on (each works once).
 */
export const loginRequest = z
  .strictObject({
    username: text(64),
    password: z.string().min(1).max(200),
    totp: totpCode.optional(),
    recoveryCode: z.string().min(1).max(40).optional(),
  })
  .refine((login) => login.totp === undefined || login.recoveryCode === undefined, {
    message: 'send the code of your authenticator app or a recovery code, not both',
    path: ['recoveryCode'],
  });
export const refreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(200) });

/**
 * Organisations by code (unique), a page at a time; the cursor holds the last code shown. All of them
 * by default, retired ones too (old cases and grades still name them); `active=true` only those in
 * service (what a picker offers), `active=false` only the retired.
 */
export const listOrganisationsRequest = z.strictObject({
  ...pageRequestShape(
    z.tuple([
      z
        .string()
        .min(1)
        .max(200)
        .refine((code) => !code.includes('\u0000')),
    ]),
  ),
  active: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional(),
});

/** An organisation's code: letters, digits, ".", "_" and "-", unique in the directory whatever the case. */
export const organisationCode = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only, starting with a letter or digit');
/** `unit` is a department (what cases are assigned to); `department`, as the directory lists it, is the same. */
export const NEW_ORGANISATION_KINDS = ['school', 'unit', 'department'] as const;
const organisationName = text(200).refine(
  (name) => !/\p{Cc}/u.test(name),
  'must be one line without control characters',
);
export const createOrganisationRequest = z.strictObject({
  kind: z.enum(NEW_ORGANISATION_KINDS, { message: 'must be school or unit' }),
  code: organisationCode,
  name: organisationName,
});
/** A field an organisation keeps for life: sent at all, it is a 400 naming it, with the reason. */
const unchangeable = (reason: string) =>
  z
    .unknown()
    .optional()
    .refine((value) => value === undefined, `cannot be changed: ${reason}`);
/**
 * The organisation's id from the path and its new name. The code and the kind are kept for life: a
 * CSV file or the seed imported again finds an organisation by its code (a changed code would make a
 * second one), and other systems and spreadsheets know schools by it; a code entered wrongly is fixed
 * by retiring that organisation and creating the right one.
 */
export const updateOrganisationRequest = z.strictObject({
  id: z.uuid('must be a UUID'),
  name: organisationName,
  code: unchangeable('files and other systems find the organisation by its code; retire it and create a new one'),
  kind: unchangeable('a school stays a school and a unit a unit'),
});
/** The organisation's id from the path (retire, reinstate). */
export const organisationIdRequest = z.strictObject({ id: z.uuid('must be a UUID') });
/** The CSV file (UTF-8; a header row naming `kind`, `code` and `name`), as the body's text or in `csv`. */
export const ORGANISATION_IMPORT_MAX_ROWS = 1000;
/** An import file, as the body's text or in `csv`. */
const csvImportRequest = z.strictObject({
  csv: z.string().max(256 * 1024, 'must be at most 256 KiB: send the file in parts'),
});
export const importOrganisationsRequest = csvImportRequest;
/**
 * The users CSV file (UTF-8; a header row naming `username`, `role` and `organisation` (its code),
 * `displayName` optional): never passwords, each created user's is made by the server.
 */
export const USER_IMPORT_MAX_ROWS = 1000;
export const importUsersRequest = csvImportRequest;

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
      {
        status: 401,
        error: 'organisation_retired',
        when: "the password is right and the user's organisation has been retired",
      },
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
  GatewayImportUsers: defineRoute({
    method: 'POST',
    path: '/api/users/import',
    summary:
      "Users from a CSV file (`text/csv`, or JSON `{csv}`; username, role, organisation's code, displayName): each row created with a server-made initial password given only in this answer, found (left as it is), or refused with its reason",
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { body: 'required', textBody: { field: 'csv', contentType: 'text/csv' } },
    request: importUsersRequest,
    response: userImportView,
    status: 200,
    errors: [
      {
        status: 400,
        error: 'bad_csv',
        when: `the file cannot be read as CSV, lacks a username, role or organisation column, or has more than ${USER_IMPORT_MAX_ROWS} rows (\`field\`: csv)`,
      },
      { ...E.unsupported, when: 'the body is neither text/csv nor JSON' },
    ],
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
  GatewayTotpStatus: defineRoute({
    method: 'GET',
    path: '/api/me/totp',
    summary: "Whether the caller's second factor is on",
    area,
    handler: 'gateway',
    access: SECOND_FACTOR_ROLES,
    request: emptyRequest,
    response: totpStatusView,
    status: 200,
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
    summary:
      'Turn the second factor on with a code from the app set up with the new secret; answers ten recovery codes, shown once',
    area,
    handler: 'gateway',
    access: SECOND_FACTOR_ROLES,
    payload: { body: 'required' },
    request: totpCodeRequest,
    response: totpEnabledView,
    status: 200,
    errors: [...codeErrors, ...throttled],
  }),
  GatewayRenewRecoveryCodes: defineRoute({
    method: 'POST',
    path: '/api/me/totp/recovery-codes',
    summary: 'A new set of recovery codes, given a current code; the old ones stop working',
    area,
    handler: 'gateway',
    access: SECOND_FACTOR_ROLES,
    payload: { body: 'required' },
    request: totpCodeRequest,
    response: totpEnabledView,
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
  GatewayCreateOrganisation: defineRoute({
    method: 'POST',
    path: '/api/directory/organisations',
    summary: 'A new school or unit; the services learn of it as they do of every organisation',
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { body: 'required' },
    request: createOrganisationRequest,
    response: organisationView,
    status: 201,
    errors: [{ ...E.conflict, when: 'the code is already in the directory, in any case (`field`: code)' }],
  }),
  GatewayUpdateOrganisation: defineRoute({
    method: 'PATCH',
    path: '/api/directory/organisations/:id',
    summary: "Rename an organisation (its code and kind are kept for life); the services' copies follow",
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { params: { id: 'id' }, body: 'required' },
    request: updateOrganisationRequest,
    response: organisationView,
    status: 200,
    errors: [E.notFound],
  }),
  GatewayRetireOrganisation: defineRoute({
    method: 'POST',
    path: '/api/directory/organisations/:id/retire',
    summary:
      'Retire a school or unit (never deleted: its cases, tasks, grades and users stay): no new assignment, report, grade or sign-in',
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { params: { id: 'id' }, body: 'optional' },
    request: organisationIdRequest,
    response: organisationView,
    status: 200,
    errors: [
      E.notFound,
      {
        status: 409,
        error: 'conflict',
        when: "the county or the task force; the caller's own organisation; a unit with tasks on cases not yet ended, or named by a routing rule",
      },
      { ...E.unavailable, when: "dispatch did not answer in time about the unit's work" },
    ],
  }),
  GatewayReinstateOrganisation: defineRoute({
    method: 'POST',
    path: '/api/directory/organisations/:id/reinstate',
    summary: 'Put a retired school or unit back in service',
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { params: { id: 'id' }, body: 'optional' },
    request: organisationIdRequest,
    response: organisationView,
    status: 200,
    errors: [E.notFound],
  }),
  GatewayImportOrganisations: defineRoute({
    method: 'POST',
    path: '/api/directory/organisations/import',
    summary:
      'Schools and units from a CSV file (`text/csv`, or JSON `{csv}`): each row created, found as it is, or refused with its reason',
    area,
    handler: 'gateway',
    access: ['administrator'],
    payload: { body: 'required', textBody: { field: 'csv', contentType: 'text/csv' } },
    request: importOrganisationsRequest,
    response: organisationImportView,
    status: 200,
    errors: [
      {
        status: 400,
        error: 'bad_csv',
        when: `the file cannot be read as CSV, lacks a kind, code or name column, or has more than ${ORGANISATION_IMPORT_MAX_ROWS} rows (\`field\`: csv)`,
      },
      { ...E.unsupported, when: 'the body is neither text/csv nor JSON' },
    ],
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
