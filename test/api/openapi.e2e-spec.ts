import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Schema {
  type?: string;
  nullable?: boolean;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  $ref?: string;
}
interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: object }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** The OpenAPI document at /docs-json describes what the API really takes and answers. */
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  const schema = (name: string) => doc.components.schemas[name];

  it('types integers as integer, with their bounds', () => {
    expect(schema('CreateUserDto').properties!.userLevel).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 1000,
    });
    expect(schema('UserResponse').properties!.version.type).toBe('integer');
    expect(schema('CreateInventoryDto').properties!.goodsId).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
    });
    expect(schema('SellLineDto').properties!.num).toMatchObject({
      type: 'integer',
      maximum: 10000,
    });
    expect(schema('InventoryResponse').properties!.number.type).toBe('integer');
  });

  it('gives the nickname as a nullable string of at most 64, and the userId its pattern', () => {
    for (const name of ['CreateUserDto', 'UpdateUserDto', 'UserResponse']) {
      expect(schema(name).properties!.nickname).toMatchObject({
        type: 'string',
        nullable: true,
        maxLength: 64,
      });
    }
    expect(schema('CreateUserDto').properties!.userId).toMatchObject({
      type: 'string',
      maxLength: 64,
      pattern: '^[A-Za-z0-9_.:@-]{1,64}$',
    });
  });

  it('documents path and query parameters with their types', () => {
    const get = doc.paths['/users/{userId}'].get;
    expect(get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'userId', in: 'path', required: true }),
        expect.objectContaining({
          name: 'userLevel',
          in: 'query',
          required: false,
          schema: expect.objectContaining({ type: 'integer', minimum: 0, maximum: 1000 }),
        }),
      ]),
    );
    const goods = doc.paths['/inventory/{goodsId}'].get;
    expect(goods.parameters).toEqual([
      expect.objectContaining({
        name: 'goodsId',
        in: 'path',
        schema: expect.objectContaining({ type: 'integer' }),
      }),
    ]);
  });

  it.each([
    ['/users', 'post', ['201', '400', '409', '413', '415', '503']],
    ['/users', 'get', ['200', '400']],
    ['/users/{userId}', 'get', ['200', '400', '404']],
    ['/users/{userId}', 'put', ['200', '400', '404', '413', '415', '503']],
    ['/users/{userId}', 'delete', ['204', '400', '404', '503']],
    ['/inventory', 'post', ['201', '400', '409', '413', '415', '503']],
    ['/inventory/{goodsId}', 'get', ['200', '400', '404']],
    ['/inventory/{goodsId}', 'put', ['200', '400', '404', '413', '415', '503']],
    ['/inventory/sell', 'post', ['201', '400', '404', '409', '413', '415', '503']],
  ])('lists every response of %s %s, errors in the shared shape', (path, method, statuses) => {
    const operation = doc.paths[path][method];
    expect(Object.keys(operation.responses).sort()).toEqual(statuses.sort());
    for (const status of statuses.filter((code) => Number(code) >= 400)) {
      expect(operation.responses[status].content!['application/json'].schema).toEqual({
        $ref: '#/components/schemas/ErrorResponse',
      });
    }
  });

  it('says a 503 carries Retry-After', () => {
    expect(doc.paths['/inventory/sell'].post.responses['503'].headers).toHaveProperty(
      'Retry-After',
    );
  });

  it('documents /metrics as Prometheus text', () => {
    const metrics = doc.paths['/metrics'].get;
    expect(Object.keys(metrics.responses['200'].content!)).toEqual(['text/plain']);
  });
});
