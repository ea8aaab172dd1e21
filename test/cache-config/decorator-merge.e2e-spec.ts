import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import type { EntityClass } from '../../src/cache/config/cache-entity-config.interface.js';
import { loadCacheConfig } from '../../src/cache/config/load-cache-config.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { ConfigFiles, expectConfigError } from './config-file.js';
import { loadEntityMetadatas, metadatasOf } from './entity-metadatas.js';
import {
  Article,
  ArticleComment,
  BadPrefixNote,
  NonUniqueKeyNote,
  SamePrefixAsArticleNote,
  ZeroExpireNote,
} from './test-entities.js';

// Article's decorator: keyPrefix ARTICLE, keyProperties [slug], expire 5 MINUTES, poThrows false.
// ArticleComment's: keyPrefix COMMENT, keyProperties [id], nothing else.

describe('@CacheEntity and its merge with cache-config.xml', () => {
  const files = new ConfigFiles();
  let metadatas: EntityMetadata[];

  beforeAll(async () => {
    metadatas = await loadEntityMetadatas([
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

  const load = (xml: string | undefined, ...entities: EntityClass[]) => {
    const file = xml === undefined ? undefined : files.write(xml);
    return {
      file,
      configs: loadCacheConfig({ file, entities: metadatasOf(metadatas, ...entities) }),
    };
  };

  /** A file configuring Article with the given attributes and key-properties. */
  const articleXml = (attributes: string, keyProperties = 'slug') => `
<cache-config>
  <cache-entity po="Article" key-prefix="ARTICLE"
                ${attributes}>
    <key-properties>${keyProperties}</key-properties>
  </cache-entity>
</cache-config>`;

  describe('decorator only', () => {
    it('caches a decorated entity without any XML', () => {
      expect(load(undefined, Article, UserAuthInfo).configs).toEqual([
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

    it('adds decorated entities after those of the XML', () => {
      const { configs } = load(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        Article,
        ArticleComment,
        UserAuthInfo,
      );
      expect(configs.map((config) => config.entityName)).toEqual([
        'UserAuthInfo',
        'Article',
        'ArticleComment',
      ]);
      expect(configs[2]).toMatchObject({ ttlMs: undefined, poThrows: true });
    });

    it('rejects an invalid decorator prefix, naming the decorator', () => {
      expectConfigError(
        () => load(undefined, BadPrefixNote),
        '@CacheEntity(BadPrefixNote)',
        undefined,
        'keyPrefix "bad prefix" may only contain letters, digits, "_", "." and "-"',
      );
    });

    it('rejects decorator key properties that are not a unique index', () => {
      expectConfigError(
        () => load(undefined, NonUniqueKeyNote),
        '@CacheEntity(NonUniqueKeyNote)',
        undefined,
        'keyProperties "title" do not form a unique index of NonUniqueKeyNote ' +
          '(table t_cc_non_unique_note); its unique keys are (id)',
      );
    });

    it('rejects a zero decorator expiry', () => {
      expectConfigError(
        () => load(undefined, ZeroExpireNote),
        '@CacheEntity(ZeroExpireNote)',
        undefined,
        'expire.value 0 would expire every row at once: give a positive integer, or omit expire for the module default',
      );
    });

    it('rejects a prefix two decorators share', () => {
      expectConfigError(
        () => load(undefined, Article, SamePrefixAsArticleNote),
        '@CacheEntity(SamePrefixAsArticleNote)',
        undefined,
        'keyPrefix "ARTICLE" is already used by Article (@CacheEntity(Article))',
      );
    });

    it('rejects a decorator prefix that the XML gives another entity', () => {
      const file = files.write(`
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="ARTICLE">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`);
      expectConfigError(
        () => loadCacheConfig({ file, entities: metadatasOf(metadatas, UserAuthInfo, Article) }),
        '@CacheEntity(Article)',
        undefined,
        `keyPrefix "ARTICLE" is already used by UserAuthInfo (${file}:2)`,
      );
    });
  });

  describe('decorator and XML together', () => {
    it('merges agreeing settings into one config (a TTL may use another unit)', () => {
      const { file, configs } = load(
        articleXml('po-throws="false" key-expire="300" key-expire-time-unit="SECONDS"'),
        Article,
      );
      expect(configs).toEqual([
        {
          entity: Article,
          entityName: 'Article',
          keyPrefix: 'ARTICLE',
          keyProperties: ['slug'],
          ttlMs: 300_000,
          poThrows: false,
          source: `${file}:2 and @CacheEntity(Article)`,
        },
      ]);
    });

    it('takes a setting given in one place only', () => {
      const { configs } = load(
        `
<cache-config>
  <cache-entity po="ArticleComment" key-prefix="COMMENT" po-throws="false"
                key-expire="30" key-expire-time-unit="SECONDS">
    <key-properties>id</key-properties>
  </cache-entity>
</cache-config>`,
        ArticleComment,
      );
      expect(configs[0]).toMatchObject({ poThrows: false, ttlMs: 30_000 });
      // And the other way round: Article's decorator gives what the XML leaves out.
      expect(load(articleXml(''), Article).configs[0]).toMatchObject({
        poThrows: false,
        ttlMs: 300_000,
      });
    });

    it('fails on a key-prefix conflict, at the XML line, naming entity and setting', () => {
      const file = files.write(
        articleXml('').replace('key-prefix="ARTICLE"', 'key-prefix="ARTICLES"'),
      );
      expectConfigError(
        () => loadCacheConfig({ file, entities: metadatasOf(metadatas, Article) }),
        file,
        2,
        'Article: key-prefix "ARTICLES" disagrees with keyPrefix "ARTICLE" of @CacheEntity(Article)',
      );
    });

    it.each([
      [
        'key-properties',
        articleXml('', 'id'),
        4,
        'Article: key-properties "id" disagrees with keyProperties "slug" of @CacheEntity(Article)',
      ],
      [
        'po-throws',
        articleXml('po-throws="true"'),
        3,
        'Article: po-throws true disagrees with poThrows false of @CacheEntity(Article)',
      ],
      [
        'TTL',
        articleXml('key-expire="10" key-expire-time-unit="MINUTES"'),
        3,
        'Article: key-expire 10 MINUTES disagrees with expire 5 MINUTES of @CacheEntity(Article)',
      ],
    ])('fails on a %s conflict', (_setting, xml, line, message) => {
      const file = files.write(xml);
      expectConfigError(
        () => loadCacheConfig({ file, entities: metadatasOf(metadatas, Article) }),
        file,
        line,
        message,
      );
    });

    it('reports an XML error before comparing with the decorator', () => {
      const file = files.write(articleXml('', 'headline'));
      expectConfigError(
        () => loadCacheConfig({ file, entities: metadatasOf(metadatas, Article) }),
        file,
        4,
        'Article has no property "headline" (its properties: id, slug, title)',
      );
    });
  });
});
