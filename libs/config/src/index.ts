export * from './load-config.js';
export * from './env.js';
export * from './config.module.js';
export * from './nats-url.js';
export * from './token-keys.js';
export * from './key-ring.js';
export * from './iso-period.js';
