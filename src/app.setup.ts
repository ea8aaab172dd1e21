import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppValidationPipe } from './common/app-validation.pipe.js';
import { FastifyErrorFilter, UnexpectedErrorFilter } from './common/http-errors.filter.js';
import { registerJsonBodyParser } from './common/json-body.parser.js';
import { MysqlTimeoutFilter } from './common/mysql-timeout.filter.js';
import { registerSecurityHeaders } from './common/security-headers.js';
import { serveSwaggerUi } from './common/swagger-ui.js';

/**
 * Everything about the HTTP surface that is not a route: shared by `main.ts` and the e2e tests,
 * so the tests exercise exactly what runs in production. Create the app on
 * `createHttpAdapter()` with `bodyParser: false` (the JSON parser is registered here).
 */
export function setupApp(app: NestFastifyApplication): NestFastifyApplication {
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  registerSecurityHeaders(fastify);
  app.useGlobalFilters(
    new UnexpectedErrorFilter(),
    new FastifyErrorFilter(),
    new MysqlTimeoutFilter(),
  );
  app.useGlobalPipes(new AppValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('consistent-cache')
      .setDescription('Strongly consistent Redis caching for MySQL: the demo API')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { ui: false, jsonDocumentUrl: 'docs-json' });
  serveSwaggerUi(fastify, '/docs', '/docs-json');
  return app;
}
