export * from './request-context.js';
export * from './logger.js';
export * from './observability.module.js';
export type { Logger } from 'pino';
export * from './metrics/index.js';
