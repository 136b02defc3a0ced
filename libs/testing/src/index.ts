export * from './free-port.js';
export * from './wait-for.js';
export * from './isolation.js';
export * from './test-system.js';
export * from './private-nats.js';
export * from './private-redis.js';
export * from './test-event.js';
export * from './prometheus-text.js';
