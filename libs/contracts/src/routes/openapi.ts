import { z } from 'zod';
import { ROLES } from '../vocabulary.js';
import { openApiPath, pathParams, type RouteDefinition, type RouteError } from './route.js';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/** The one error body of every failure (libs/errors). */
const errorBody: JsonSchema = {
  type: 'object',
  required: ['status', 'error', 'message'],
  properties: {
    status: { type: 'integer' },
    error: { type: 'string', description: 'a stable code such as validation_failed, forbidden, not_found' },
    message: { type: 'string' },
    field: { type: 'string', description: 'the offending field, for bad input' },
  },
};

const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return json as JsonSchema;
};

/** The request's JSON schema without the fields that come from the path or are fixed by the route. */
function withoutFields(schema: JsonSchema, fields: string[]): JsonSchema {
  if (!schema.properties) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([key]) => !fields.includes(key)));
  const required = schema.required?.filter((key) => !fields.includes(key));
  return { ...schema, properties, ...(required ? { required } : {}) };
}

function accessOf(route: RouteDefinition) {
  if (route.access === 'public') return { 'x-access': 'public', 'x-roles': [] as string[], security: [] };
  const roles = route.access === 'signed-in' ? [...ROLES] : [...route.access];
  return {
    'x-access': route.access === 'signed-in' ? 'signed-in' : 'roles',
    'x-roles': roles,
    security: [{ bearer: [] }],
  };
}

function successOf(route: RouteDefinition) {
  const description = route.summary;
  switch (route.answer.kind) {
    case 'empty':
      return { description };
    case 'file':
    case 'stream':
      return {
        description,
        content: {
          [route.answer.contentType]: { schema: { type: 'string', contentMediaType: route.answer.contentType } },
        },
      };
    default:
      return { description, content: { 'application/json': { schema: jsonSchemaOf(route.response, 'output') } } };
  }
}

function errorResponses(errors: readonly RouteError[]) {
  const byStatus = new Map<number, RouteError[]>();
  for (const error of errors) byStatus.set(error.status, [...(byStatus.get(error.status) ?? []), error]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((error) => `${error.error}: ${error.when}`).join('; '),
        'x-errors': list.map(({ error, when }) => ({ error, when })),
        content: {
          'application/json': {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/Error' },
                { properties: { status: { const: status }, error: { enum: list.map((e) => e.error) } } },
              ],
            },
          },
        },
      },
    ]),
  );
}

function operationOf(name: string, route: RouteDefinition) {
  const request = jsonSchemaOf(route.request, 'input');
  const mapping = route.payload;
  const fromPath = Object.values(mapping.params ?? {});
  const fixed = Object.keys(mapping.fixed ?? {});
  const parameters: unknown[] = pathParams(route.path).map((param) => ({
    name: param,
    in: 'path',
    required: true,
    schema: request.properties?.[mapping.params?.[param] ?? param] ?? { type: 'string' },
  }));
  if (mapping.query) {
    const query = withoutFields(request, [...fromPath, ...fixed]);
    for (const [field, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name: field, in: 'query', required: query.required?.includes(field) ?? false, schema });
    }
  }
  if (route.idempotencyKey) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'a repeat with the same key answers the first result and writes nothing',
      schema: { type: 'string', maxLength: 200 },
    });
  }
  let requestBody: unknown;
  if (route.multipart) {
    const fields = withoutFields(request, ['upload']);
    requestBody = {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: {
              ...fields.properties,
              file: { type: 'string', contentMediaType: 'application/octet-stream' },
            },
          },
        },
      },
    };
  } else if (mapping.body) {
    const body = withoutFields(request, [...fromPath, ...fixed]);
    const arrayField = mapping.arrayBodyAs ? body.properties?.[mapping.arrayBodyAs] : undefined;
    const textField = mapping.textBody ? body.properties?.[mapping.textBody.field] : undefined;
    requestBody = {
      required: mapping.body === 'required',
      content: {
        'application/json': { schema: arrayField ? { oneOf: [body, arrayField] } : body },
        ...(mapping.textBody && textField ? { [mapping.textBody.contentType]: { schema: textField } } : {}),
      },
    };
  }
  const { security, ...access } = accessOf(route);
  return {
    operationId: name,
    summary: route.summary,
    tags: [route.area],
    ...access,
    ...(route.rpc ? { 'x-rpc': route.rpc } : {}),
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: { [String(route.status)]: successOf(route), ...errorResponses(route.errors) },
  };
}

/** The OpenAPI 3.1 document of the routes: paths, roles (`x-roles`), schemas from zod, errors. */
export function openApiDocument(routes: Record<string, RouteDefinition>, info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(routes)) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(name, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Campus Whistle. Every route is defined once (libs/contracts/src/routes); `x-roles` lists the roles that may call it, `x-rpc` the NATS pattern it forwards to.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(Object.values(routes).map((route) => route.area))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorBody },
    },
  };
}
