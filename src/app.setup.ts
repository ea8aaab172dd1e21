import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { jsonBody } from './common/json-body.middleware.js';

/**
 * Everything about the HTTP surface that is not a route: shared by `main.ts` and the e2e tests,
 * so the tests exercise exactly what runs in production. Create the app with `bodyParser: false`.
 */
export function setupApp(app: INestApplication): INestApplication {
  app.use(jsonBody());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('consistent-cache')
      .setDescription('Strongly consistent Redis caching for MySQL: the demo API')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
