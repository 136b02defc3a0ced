export * from './app-error.js';
export * from './zod-validation.pipe.js';
