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

/**
 * The web console's pages (the gateway serves them): its own scripts, styles and images only, talking
 * to its own origin only, never framed, no plugins, no <base> or form posts elsewhere. Styles allow
 * inline `<style>` elements because Ant Design writes its CSS-in-JS into them at run time; scripts get
 * no such allowance (the bundle has no inline script).
 */
export const CONSOLE_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
