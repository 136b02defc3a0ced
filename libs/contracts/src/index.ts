export * from './vocabulary.js';
export * from './envelope.js';
export * from './event-contract.js';
export * from './events.js';
export * from './parse-event.js';
export * from './subjects.js';
export * from './rpc.js';
export * from './queues.js';
