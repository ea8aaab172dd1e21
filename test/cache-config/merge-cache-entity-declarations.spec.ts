import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { ConfigFiles, configError } from './config-file.js';
import { buildEntityMetadatas, metadatasOf } from './entity-metadatas.js';
import {
  Article,
  ArticleComment,
  BadPrefixNote,
  NonUniqueKeyNote,
  SamePrefixAsArticleNote,
  ZeroExpireNote,
} from './test-entities.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import type { EntityClass } from '../../src/cache/index.js';
import { loadCacheConfig } from '../../src/cache/testing.js';

// Article's decorator: keyPrefix ARTICLE, keyProperties [slug], expire 5 MINUTES, poThrows false.
// ArticleComment's: keyPrefix COMMENT, keyProperties [id], nothing else.

/** A file configuring Article with the given attributes (line 3) and key-properties (line 4). */
const articleXml = (attributes: string, keyProperties = 'slug') => `
<cache-config>
  <cache-entity po="Article" key-prefix="ARTICLE"
                ${attributes}>
    <key-properties>${keyProperties}</key-properties>
  </cache-entity>
</cache-config>`;

const userXml = (prefix: string) => `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="${prefix}">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`;

describe('@CacheEntity and its merge with cache-config.xml', () => {
  const files = new ConfigFiles();
  let metadatas: EntityMetadata[];

  beforeAll(async () => {
    metadatas = await buildEntityMetadatas([
      UserAuthInfo,
      Article,
      ArticleComment,
      BadPrefixNote,
      NonUniqueKeyNote,
      SamePrefixAsArticleNote,
      ZeroExpireNote,
    ]);
  });
  afterAll(() => files.remove());

  const load = (xml: string | undefined, entities: EntityClass[]) => {
    const file = xml === undefined ? undefined : files.write(xml);
    return {
      file,
      load: () => loadCacheConfig({ file, entities: metadatasOf(metadatas, ...entities) }),
    };
  };

  it('caches a decorated entity without any XML', () => {
    expect(load(undefined, [Article, UserAuthInfo]).load()).toEqual([
      {
        entity: Article,
        entityName: 'Article',
        keyPrefix: 'ARTICLE',
        keyProperties: ['slug'],
        ttlMs: 5 * 60_000,
        poThrows: false,
        source: '@CacheEntity(Article)',
      },
    ]);
  });

  it('adds decorated entities after those of the XML, with the defaults', () => {
    const configs = load(userXml('SYSTEM_Person'), [Article, ArticleComment, UserAuthInfo]).load();
    expect(configs.map((config) => config.entityName)).toEqual([
      'UserAuthInfo',
      'Article',
      'ArticleComment',
    ]);
    expect(configs[2]).toMatchObject({ ttlMs: undefined, poThrows: true });
  });

  it.each<[string, string, EntityClass, Record<string, unknown>]>([
    [
      'agreeing settings (a TTL may use another unit)',
      articleXml('po-throws="false" key-expire="300" key-expire-time-unit="SECONDS"'),
      Article,
      { poThrows: false, ttlMs: 300_000, source: '{file}:2 and @CacheEntity(Article)' },
    ],
    [
      'settings the decorator leaves out, from the XML',
      `
<cache-config>
  <cache-entity po="ArticleComment" key-prefix="COMMENT" po-throws="false"
                key-expire="30" key-expire-time-unit="SECONDS">
    <key-properties>id</key-properties>
  </cache-entity>
</cache-config>`,
      ArticleComment,
      { poThrows: false, ttlMs: 30_000 },
    ],
    [
      'settings the XML leaves out, from the decorator',
      articleXml(''),
      Article,
      { poThrows: false, ttlMs: 300_000 },
    ],
  ])('merges %s', (_case, xml, entity, expected) => {
    const { file, load: run } = load(xml, [entity]);
    const [config] = run();
    const source =
      typeof expected.source === 'string' ? expected.source.replace('{file}', file!) : undefined;
    expect(config).toMatchObject({ ...expected, ...(source && { source }) });
  });

  it.each<
    [string, string | undefined, EntityClass[], string | undefined, number | undefined, string]
  >([
    [
      'an invalid decorator prefix',
      undefined,
      [BadPrefixNote],
      '@CacheEntity(BadPrefixNote)',
      undefined,
      'keyPrefix "bad prefix" may only contain letters, digits, "_", "." and "-"',
    ],
    [
      'decorator key properties that are not a unique index',
      undefined,
      [NonUniqueKeyNote],
      '@CacheEntity(NonUniqueKeyNote)',
      undefined,
      'keyProperties "title" do not form a unique index of NonUniqueKeyNote (table t_cc_non_unique_note); its unique keys are (id)',
    ],
    [
      'a zero decorator expiry',
      undefined,
      [ZeroExpireNote],
      '@CacheEntity(ZeroExpireNote)',
      undefined,
      'expire.value 0 would expire every row at once: give a positive integer, or omit expire for the module default',
    ],
    [
      'a prefix two decorators share',
      undefined,
      [Article, SamePrefixAsArticleNote],
      '@CacheEntity(SamePrefixAsArticleNote)',
      undefined,
      'keyPrefix "ARTICLE" is already used by Article (@CacheEntity(Article))',
    ],
    [
      'a decorator prefix that the XML gives another entity',
      userXml('ARTICLE'),
      [UserAuthInfo, Article],
      '@CacheEntity(Article)',
      undefined,
      'keyPrefix "ARTICLE" is already used by UserAuthInfo ({file}:2)',
    ],
    [
      'a key-prefix conflict, at the XML line, naming entity and setting',
      articleXml('').replace('key-prefix="ARTICLE"', 'key-prefix="ARTICLES"'),
      [Article],
      undefined,
      2,
      'Article: key-prefix "ARTICLES" disagrees with keyPrefix "ARTICLE" of @CacheEntity(Article)',
    ],
    [
      'a key-properties conflict',
      articleXml('', 'id'),
      [Article],
      undefined,
      4,
      'Article: key-properties "id" disagrees with keyProperties "slug" of @CacheEntity(Article)',
    ],
    [
      'a po-throws conflict',
      articleXml('po-throws="true"'),
      [Article],
      undefined,
      3,
      'Article: po-throws true disagrees with poThrows false of @CacheEntity(Article)',
    ],
    [
      'a TTL conflict',
      articleXml('key-expire="10" key-expire-time-unit="MINUTES"'),
      [Article],
      undefined,
      3,
      'Article: key-expire 10 MINUTES disagrees with expire 5 MINUTES of @CacheEntity(Article)',
    ],
    [
      'an XML error before any comparison with the decorator',
      articleXml('', 'headline'),
      [Article],
      undefined,
      4,
      'Article has no property "headline" (its properties: id, slug, title)',
    ],
  ])('rejects %s', (_case, xml, entities, source, line, problem) => {
    const { file, load: run } = load(xml, entities);
    expect(configError(run)).toEqual({
      file: source ?? file,
      line,
      problem: problem.replace('{file}', file ?? ''),
    });
  });
});
