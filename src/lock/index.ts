export * from './distributed-lock.decorator.js';
export * from './fencing.js';
export * from './lock.errors.js';
export * from './lock.module.js';
export type { LockModuleOptions } from './lock.module-definition.js';
export * from './lock-options.js';
export * from './lock.service.js';
export * from './mutex.js';
export * from './redlock.js';
