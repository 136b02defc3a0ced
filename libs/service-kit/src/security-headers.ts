import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';

export const API_HEADERS: HelmetOptions = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * Security headers on every answer (helmet, set for a JSON API: no content may load or frame
 * anything), no CORS (Nest enables none unless asked: browsers on other origins cannot read answers),
 * and `Cache-Control: no-store` on every /api answer, since nearly all of them carry personal data and
 * none is a public static file: no browser, proxy or shared cache keeps a copy.
 */
export function secureResponses(app: NestFastifyApplication): void {
  const headers = helmetHeaders(API_HEADERS);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}

/**
 * The headers helmet sets, asked once. Ours do not depend on the request, and helmet's middleware
 * (@fastify/helmet even rebuilds it per request) cost a tenth of the gateway's CPU on a forwarded query.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  // Synchronous, and its options were checked when it was made: nothing comes back to `next`.
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
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
