export * from './labels.js';
export * from './service-metrics.js';
