const path = require('node:path');

/**
 * CommonJS packages that require NestJS (ES modules only): Jest loads an ES-module copy of each
 * (see test/support/jest/cjs-packages-as-esm.ts).
 */
const cjsPackagesAsEsm = [
  'nestjs-cls',
  '@nestjs-cls/transactional',
  '@nestjs-cls/transactional-adapter-typeorm',
];
const esmCopyOf = (name) => path.join(__dirname, 'node_modules/.cache/cjs-as-esm', name);
const esmMappings = Object.fromEntries(
  cjsPackagesAsEsm.map((name) => [
    `^${name.replace('/', '\\/')}$`,
    path.join(esmCopyOf(name), require(`${name}/package.json`).main),
  ]),
);

/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import siblings as `./x.js` (Node ESM); Jest resolves them to the `.ts` files.
  moduleNameMapper: { ...esmMappings, '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/jest/cjs-packages-as-esm.ts',
};

module.exports = {
  // A global option: Jest ignores it inside `projects`.
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/test/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};

// Read by the global setup; kept off the enumerable keys, which Jest validates.
Object.defineProperties(module.exports, {
  cjsPackagesAsEsm: { value: cjsPackagesAsEsm },
  esmCopyOf: { value: esmCopyOf },
});
