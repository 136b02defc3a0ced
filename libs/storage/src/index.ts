export * from './attachment-store.js';
export * from './local-folder-store.js';
