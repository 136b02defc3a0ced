import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { errorCodeFor } from '#libs/errors';
import { CONSOLE_PAGE_POLICY } from '#libs/service-kit';
import type { Logger } from '#libs/observability';

/** Vite names built files by their content hash: a file under /assets/ never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the web console (built by `npm run build` into CONSOLE_DIR) at `/`: its files, and
 * index.html for every other GET outside /api (the console's own routes, such as /tip or
 * /cases/:id), so a reload or a shared link opens the right page. An unknown /api path keeps the
 * API's JSON 404. Without a build (`tsc` alone) the gateway serves the API only.
 */
export function serveConsole(app: INestApplication, directory: string, logger: Logger): void {
  const root = resolve(directory);
  if (!existsSync(join(root, 'index.html'))) {
    logger.warn({ directory: root }, 'no console build: serving the API only (npm run build makes it)');
    return;
  }
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  // Not awaited: Nest's adapter answers with the Fastify instance, whose promise only settles after init.
  void (app as NestFastifyApplication).register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file (the build is fixed at start), so the fallback below owns everything else.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.includes('/assets/') ? IMMUTABLE : 'no-cache');
    },
  });
  // The page's own policy replaces the API's (helmet's `default-src 'none'`) on these routes only, and on
  // their 304s too: a browser revalidating index.html takes the headers of the 304 for the cached page.
  const page = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONSOLE_PAGE_POLICY)
      .sendFile('index.html');
  fastify.get('/', (_request, reply) => page(reply));
  const maxParamLength = fastify.initialConfig.maxParamLength ?? 100;
  fastify.get('/*', (request, reply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) {
      // The router refuses an over-long path parameter of an API route with a 414; this catch-all
      // would otherwise take such a request for an unknown path.
      const path = request.url.split('?')[0];
      if (path.split('/').some((segment) => segment.length > maxParamLength)) {
        return reply.status(414).send({
          status: 414,
          error: errorCodeFor(414),
          message: `a path segment is longer than ${maxParamLength} characters`,
        });
      }
      return reply.callNotFound();
    }
    return page(reply);
  });
}
