/**
 * Module boundaries, checked by `npm run lint` (dependency-cruiser). `src/cache` and `src/lock`
 * are libraries kept as folders of this repository: each imports nothing outside itself, and
 * everything else reaches them only through their `index.ts` (tests and benchmarks may also use
 * a `testing` entry, never shipped in the public index).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const LIB = '^src/(cache|lock)/';
const PUBLIC_ENTRY = '^src/(cache|lock)/index[.]ts$';
const TESTING_ENTRY = '^src/(cache|lock)/testing(/index)?[.]ts$';
const SPEC = '[.](e2e-)?spec[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: modules that depend on each other cannot be read or tested alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'library-self-contained',
      severity: 'error',
      comment:
        'src/cache and src/lock are libraries: they import nothing of this repository outside ' +
        'themselves (not the demo, not each other, not test/ or bench/).',
      from: { path: LIB },
      to: { path: '^(src|test|bench|support)/', pathNot: '^src/$1/' },
    },
    {
      name: 'library-through-its-index',
      severity: 'error',
      comment: 'Outside src/cache and src/lock, import them only through their index.ts.',
      from: { path: '^(src|support)/', pathNot: LIB },
      to: { path: LIB, pathNot: PUBLIC_ENTRY },
    },
    {
      name: 'library-through-its-index-or-testing-entry',
      severity: 'error',
      comment:
        'Tests and benchmarks import src/cache and src/lock through index.ts or their testing entry.',
      from: { path: '^(test|bench)/' },
      to: { path: LIB, pathNot: [PUBLIC_ENTRY, TESTING_ENTRY] },
    },
    {
      name: 'app-never-imports-tests-or-tools',
      severity: 'error',
      comment: 'Application code does not depend on test/, bench/ or support/.',
      from: { path: '^src/', pathNot: SPEC },
      to: { path: '^(test|bench|support)/' },
    },
    {
      name: 'bench-without-test-support',
      severity: 'error',
      comment:
        'Benchmarks use the shared helpers of support/, not test/; the app config only through ' +
        'src/config/index.ts.',
      from: { path: '^bench/' },
      to: { path: ['^test/', '^src/config/(?!index[.]ts$)'] },
    },
    {
      name: 'support-stands-alone',
      severity: 'error',
      comment: 'support/ holds helpers shared by test/ and bench/; it imports neither, nor src/.',
      from: { path: '^support/' },
      to: { path: '^(src|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^dist/', '^coverage/', '^bench/results/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
