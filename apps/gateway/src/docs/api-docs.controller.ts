import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Controller, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { openApiDocument, Routes } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { HttpRoute, type InputOf, RouteInput } from '../routes/http-route.js';

const { GatewayOpenApi: OpenApi, GatewayDocs: Docs, GatewayDocsFile: DocsFile } = Routes;

/** The installed Swagger UI (no CDN): its folder in node_modules. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The files the page loads, and their types (nosniff: a script must be served as one). */
const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Started by a file of its own: the page's policy allows no inline script. */
const INIT_FILE = 'init.js';
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Campus Whistle API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/index.css">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/${INIT_FILE}"></script>
</body>
</html>
`;

/**
 * The docs page's own policy, in place of the API's `default-src 'none'`: scripts and styles from this
 * origin only (Swagger UI sets inline styles), the document fetched from here, no framing.
 */
const DOCS_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The API described from its route definitions: `GET /api/openapi.json` and the Swagger UI at `/api/docs`. */
@Controller()
export class ApiDocsController {
  private document?: string;
  private readonly files = new Map<string, Buffer>();

  @HttpRoute(OpenApi)
  openApi(@Res({ passthrough: true }) reply: FastifyReply): string {
    this.document ??= JSON.stringify(openApiDocument(Routes, { title: 'Campus Whistle API', version: '1' }));
    void reply.type('application/json; charset=utf-8');
    return this.document;
  }

  @HttpRoute(Docs)
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/html; charset=utf-8').header('content-security-policy', DOCS_POLICY);
    return PAGE;
  }

  @HttpRoute(DocsFile)
  async file(
    @RouteInput(DocsFile) { file }: InputOf<typeof DocsFile>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    if (file === INIT_FILE) {
      void reply.type('application/javascript; charset=utf-8');
      return INIT_SCRIPT;
    }
    const type = FILES[file];
    if (!type) throw AppError.notFound('file');
    let content = this.files.get(file);
    if (!content) this.files.set(file, (content = await readFile(join(SWAGGER_UI_DIR, file))));
    void reply.type(type);
    return content;
  }
}
