export * from './data-source.js';
export * from './group-commit.js';
export * from './service-role.js';
export * from './pooled-connection.js';
