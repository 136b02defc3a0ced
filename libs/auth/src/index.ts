export * from './actor.js';
export * from './token.service.js';
export * from './auth.guard.js';
export * from './auth.module.js';
