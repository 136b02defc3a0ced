import { openApiPath, pathParams, ROLES, ROUTE_LIST, type RouteDefinition } from '#libs/contracts';
import { TestSystem, DEMO_USER_OF_ROLE } from '#libs/testing';
import { z } from 'zod';

/**
 * The API's description against the running gateway: every route Fastify mapped under /api is in
 * `GET /api/openapi.json` with its roles, request, response and errors, and every documented route is
 * mapped; a role the document leaves out is refused; the Swagger UI at /api/docs loads from this origin.
 */
describe('OpenAPI from the route definitions', () => {
  let system: TestSystem;
  let document: { openapi: string; paths: Record<string, Record<string, Operation>>; components: any };

  interface Operation {
    operationId: string;
    'x-roles': string[];
    'x-access': string;
    security: unknown[];
    parameters?: Array<{ name: string; in: string }>;
    requestBody?: { content: Record<string, { schema: Record<string, any> }> };
    responses: Record<string, { content?: Record<string, { schema: unknown }>; 'x-errors'?: unknown[] }>;
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    const response = await system.api('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  /** What the gateway logged as mapped when it started (Fastify's onRoute hook). */
  const mappedRoutes = (): string[] => {
    const line = system.logLines('gateway').find((entry) => entry.msg === 'routes mapped');
    expect(line).toBeDefined();
    return line!.routes as string[];
  };
  const operationOf = (method: string, path: string) => document.paths[openApiPath(path)]?.[method.toLowerCase()];
  const definitionOf = (key: string): RouteDefinition & { name: string } => {
    const route = ROUTE_LIST.find((r) => `${r.method} ${r.path}` === key);
    expect({ key, defined: route !== undefined }).toEqual({ key, defined: true });
    return route!;
  };

  it('is OpenAPI 3.1 with the bearer scheme and the one error shape', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearer).toEqual(expect.objectContaining({ scheme: 'bearer' }));
    expect(document.components.schemas.Error.required).toEqual(['status', 'error', 'message']);
  });

  it('documents every mapped route with its roles, request, response and errors', () => {
    const mapped = mappedRoutes();
    expect(mapped.length).toBe(ROUTE_LIST.length);
    for (const key of mapped) {
      const [method, path] = key.split(' ');
      const operation = operationOf(method, path);
      expect({ key, documented: operation !== undefined }).toEqual({ key, documented: true });
      const route = definitionOf(key);
      expect(operation.operationId).toBe(route.name);
      // Roles: none for a public route, every role for any signed-in user, else the list.
      const roles = route.access === 'public' ? [] : route.access === 'signed-in' ? [...ROLES] : [...route.access];
      expect(operation['x-roles']).toEqual(roles);
      expect(operation.security).toEqual(route.access === 'public' ? [] : [{ bearer: [] }]);
      // Request: path parameters, the query's fields, or a body.
      const names = (operation.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      for (const param of pathParams(path)) expect(names).toContain(`path:${param}`);
      if (route.payload.body || route.multipart) expect(operation.requestBody).toBeDefined();
      const fields = Object.keys(
        z.toJSONSchema(route.request, { io: 'input', unrepresentable: 'any' }).properties ?? {},
      );
      const queryFields = fields.filter((field) => !Object.values(route.payload.params ?? {}).includes(field));
      if (route.payload.query)
        expect(names.filter((name) => name.startsWith('query:')).length).toBe(queryFields.length);
      // Response: the success with its schema (or bytes), then every error with the error shape.
      const success = operation.responses[String(route.status)];
      expect(success).toBeDefined();
      if (route.answer.kind === 'json') expect(success.content?.['application/json']?.schema).toBeDefined();
      for (const error of route.errors) {
        const response = operation.responses[String(error.status)];
        expect(response?.['x-errors']).toEqual(
          expect.arrayContaining([expect.objectContaining({ error: error.error })]),
        );
      }
      if (route.access !== 'public') expect(operation.responses['401']).toBeDefined();
    }
  });

  it('maps every documented route', () => {
    const mapped = new Set(mappedRoutes());
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.length).toBe(mapped.size);
    const mappedOpenApi = new Set([...mapped].map((key) => key.replace(/:([A-Za-z0-9_]+)/g, '{$1}')));
    expect(documented.filter((key) => !mappedOpenApi.has(key))).toEqual([]);
  });

  it('refuses with 403 a role the document does not list, on every route limited to roles', async () => {
    const limited = ROUTE_LIST.filter((route) => Array.isArray(route.access));
    expect(limited.length).toBeGreaterThan(30);
    for (const route of limited) {
      const outsider = ROLES.find((role) => !(route.access as readonly string[]).includes(role));
      if (!outsider) continue;
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '00000000-0000-4000-8000-000000000000');
      const response = await system.api(route.method, path, {
        as: DEMO_USER_OF_ROLE[outsider],
        ...(route.method === 'GET' ? {} : { body: {} }),
      });
      expect({ route: route.name, outsider, status: response.status }).toEqual({
        route: route.name,
        outsider,
        status: 403,
      });
    }
  }, 120_000);

  it('serves the Swagger UI from the installed package under a policy that lets it run', async () => {
    const page = await fetch(system.url('/api/docs'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/api\/docs\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/swagger-ui-bundle.js', '/api/docs/init.js']));
    expect(html).not.toMatch(/<script>[^<]/); // no inline script
    for (const asset of assets) {
      const response = await fetch(system.url(asset));
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      if (asset.endsWith('.js')) expect(response.headers.get('content-type')).toMatch(/javascript/);
      if (asset.endsWith('.css')) expect(response.headers.get('content-type')).toMatch(/text\/css/);
    }
    expect(await (await fetch(system.url('/api/docs/init.js'))).text()).toContain("'/api/openapi.json'");
    expect((await fetch(system.url('/api/docs/swagger-ui-bundle.js'))).headers.get('content-length')).not.toBe('0');
    expect((await system.api('GET', '/api/docs/package.json')).status).toBe(404);
  });
});
