export * from './bootstrap.js';
export * from './service-kit.module.js';
export * from './health.service.js';
export * from './tokens.js';
export * from './error.filter.js';
export * from './correlation.interceptor.js';
export * from './redis.module.js';
export * from './service-manifest.js';
export { CONSOLE_PAGE_POLICY } from './security-headers.js';
