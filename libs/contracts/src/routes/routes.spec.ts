import { z } from 'zod';
import { RpcPattern } from '../rpc.js';
import { ROLES } from '../vocabulary.js';
import { openApiDocument, openApiPath, pathParams, ROUTE_LIST, Routes } from './index.js';

describe('route definitions', () => {
  it('give every method and path once', () => {
    const keys = ROUTE_LIST.map((route) => `${route.method} ${route.path}`);
    expect(keys.length).toBeGreaterThan(70);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it.each(ROUTE_LIST.map((route) => [route.name, route] as const))('%s is well formed', (_, route) => {
    expect(route.path.startsWith('/api/')).toBe(true);
    // Request and response schemas can be described as JSON Schema.
    expect(() => z.toJSONSchema(route.request, { io: 'input', unrepresentable: 'any' })).not.toThrow();
    expect(() => z.toJSONSchema(route.response, { io: 'output', unrepresentable: 'any' })).not.toThrow();
    // Every path parameter goes to a field of the request, and every mapped one is in the path.
    const shape = (route.request as unknown as { shape?: Record<string, unknown> }).shape;
    const requestFields = Object.keys(
      z.toJSONSchema(route.request, { io: 'input', unrepresentable: 'any' }).properties ?? shape ?? {},
    );
    for (const param of pathParams(route.path)) {
      const field = route.payload.params?.[param];
      expect({ param, field }).toEqual({ param, field: expect.any(String) });
      expect(requestFields).toContain(field);
    }
    expect(Object.keys(route.payload.params ?? {}).sort()).toEqual(pathParams(route.path).sort());
    // A forward goes to a known pattern; every role named is a role.
    if (route.handler === 'forward') expect(Object.values(RpcPattern)).toContain(route.rpc);
    if (Array.isArray(route.access)) for (const role of route.access) expect(ROLES).toContain(role);
    // What every route of its kind can fail with is listed.
    const statuses = route.errors.map((error) => error.status);
    expect(statuses).toContain(400);
    if (route.access !== 'public') expect(statuses).toContain(401);
    if (Array.isArray(route.access)) expect(statuses).toContain(403);
  });

  it('cover every RPC pattern the gateway can call', () => {
    const routed = new Set(ROUTE_LIST.map((route) => route.rpc));
    expect(Object.values(RpcPattern).filter((pattern) => !routed.has(pattern))).toEqual([]);
  });

  it('make an OpenAPI 3.1 document with every route, its roles, request, response and errors', () => {
    const document = openApiDocument(Routes, { title: 'test', version: '0' });
    expect(document.openapi).toBe('3.1.0');
    for (const route of ROUTE_LIST) {
      const operation = document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()] as Record<string, any>;
      expect(operation?.operationId).toBe(route.name);
      expect(operation['x-roles']).toEqual(
        route.access === 'public' ? [] : route.access === 'signed-in' ? [...ROLES] : [...route.access],
      );
      expect(Object.keys(operation.responses).sort()).toEqual(
        [...new Set([route.status, ...route.errors.map((e) => e.status)])].map(String).sort(),
      );
    }
    const assess = document.paths['/api/cases/{id}/assess'].post as Record<string, any>;
    expect(assess.parameters).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ format: 'uuid' }),
      }),
    ]);
    const body = assess.requestBody.content['application/json'].schema;
    expect(body.properties).not.toHaveProperty('caseId');
    expect(body.required).toEqual(expect.arrayContaining(['category', 'severity', 'riskLevel']));
    expect(assess.responses['200'].content['application/json'].schema.properties).toHaveProperty('proposal');
    expect(assess.responses['409']['x-errors']).toEqual([expect.objectContaining({ error: 'conflict' })]);
    const pdf = document.paths['/api/gradings/{quarter}/bulletin.pdf'].get as Record<string, any>;
    expect(Object.keys(pdf.responses['200'].content)).toEqual(['application/pdf']);
    const cases = document.paths['/api/cases'].get as Record<string, any>;
    expect(cases.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'unitId', 'overdue', 'cursor', 'limit']),
    );
  });
});
