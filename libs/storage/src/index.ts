export * from './attachment-store.js';
export * from './attachment-store.provider.js';
export * from './attachments-env.js';
export * from './local-folder-store.js';
export * from './nats-object-store.js';
