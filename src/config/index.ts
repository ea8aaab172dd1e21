/** The demo app's configuration, for whatever starts the app (main.ts, benchmarks, tests). */
export type { AppConfig } from './app-config.interface.js';
export { loadAppConfig } from './load-app-config.js';
