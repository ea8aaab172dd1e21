import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { setupApp } from './app.setup.js';
import { ConfigError } from './config/config.error.js';
import { loadAppConfig } from './config/load-app-config.js';
import type { AppConfig } from './config/app-config.interface.js';

const LEVELS: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

function readConfig(): AppConfig {
  try {
    return loadAppConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const app = await NestFactory.create(AppModule.forRoot(config), {
    bodyParser: false,
    logger: LEVELS.slice(LEVELS.indexOf(config.logLevel)),
  });
  setupApp(app);
  await app.listen(config.port);
  new Logger('Bootstrap').log(
    `listening on ${await app.getUrl()} (strategy ${config.cacheStrategy})`,
  );
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Start-up failed: ${message}\n`);
  process.exit(1);
});
