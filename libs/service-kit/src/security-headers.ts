import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Security headers on every answer (@fastify/helmet, set for a JSON API: no content may load or frame
 * anything), no CORS (Nest enables none unless asked: browsers on other origins cannot read answers),
 * and `Cache-Control: no-store` on every /api answer, since nearly all of them carry personal data and
 * none is a public static file: no browser, proxy or shared cache keeps a copy.
 */
export async function secureResponses(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (request.url.startsWith('/api/') || request.url === '/api') {
        void reply.header('cache-control', 'no-store');
      }
      done(null, payload);
    });
}
