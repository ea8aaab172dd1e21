import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from './config/app-config.interface.js';
import { ConfigError } from './config/config.error.js';
import { loadAppConfig } from './config/load-app-config.js';

const LEVELS: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readConfig(): AppConfig {
  try {
    return loadAppConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`);
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  // Loaded only once the environment is known to be good, so a bad value fails at once.
  const [
    { Logger },
    { NestFactory },
    { AppModule },
    { setupApp },
    { StartupLogger },
    { createHttpAdapter },
    { listenOnAllInterfaces },
  ] = await Promise.all([
    import('@nestjs/common'),
    import('@nestjs/core'),
    import('./app.module.js'),
    import('./app.setup.js'),
    import('./common/startup.logger.js'),
    import('./common/http-adapter.js'),
    import('./common/listen.js'),
  ]);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(),
    {
      bodyParser: false,
      abortOnError: false,
      logger: new StartupLogger({ logLevels: LEVELS.slice(LEVELS.indexOf(config.logLevel)) }),
    },
  );
  setupApp(app);
  const address = await listenOnAllInterfaces(app, config.port);
  new Logger('Bootstrap').log(`listening on ${address} (cache strategy ${config.cacheStrategy})`);
}

bootstrap().catch((error: unknown) => {
  fail(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
});
