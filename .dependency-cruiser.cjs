/**
 * The floors of `src/` and what each may import (docs/architecture.md).
 * `npm run check:deps` fails on any of these, type-only imports included.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'core-is-a-leaf',
      comment:
        'src/core is the neutral leaf every floor shares: it imports nothing else from src/.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'i18n-is-a-leaf',
      comment:
        "src/i18n (the editions and the notebook's words) is read by the build, the page and Node alike: it imports nothing else from src/.",
      severity: 'error',
      from: { path: '^src/i18n/' },
      to: { path: '^src/', pathNot: '^src/i18n/' },
    },
    {
      name: 'cells-import-only-core',
      comment:
        'The cell contract runs at build time, in Node and in the page: it may import src/core only.',
      severity: 'error',
      from: { path: '^src/cells/' },
      to: { path: '^src/', pathNot: '^src/(core|cells)/' },
    },
    {
      name: 'lib-imports-only-core',
      comment:
        'The course library runs in the kernel, in its workers and in Node: it may import src/core only.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/(core|lib)/' },
    },
    {
      name: 'transform-imports-only-core',
      comment:
        'The cell transform also runs at build time and in tests: it may import src/core only.',
      severity: 'error',
      from: { path: '^src/notebook/transform/' },
      to: { path: '^src/', pathNot: '^src/(core|notebook/transform)/' },
    },
    {
      name: 'typecheck-imports-only-core',
      comment:
        'The page program runs in the editor worker, at build time and in Node: it may import src/core only.',
      severity: 'error',
      from: { path: '^src/typecheck/' },
      to: { path: '^src/', pathNot: '^src/(core|typecheck)/' },
    },
    {
      name: 'schemas-import-only-core',
      comment:
        'The lesson schema and course order run at build time (content collection, sidebar, home page): they may import src/core only.',
      severity: 'error',
      from: { path: '^src/schemas/' },
      to: { path: '^src/', pathNot: '^src/(core|schemas)/' },
    },
    {
      name: 'offline-llm-imports-only-core',
      comment:
        'The offline model runs in the Node proxy and in the service worker: it may import src/core only.',
      severity: 'error',
      from: { path: '^src/offline-llm/' },
      to: { path: '^src/', pathNot: '^src/(core|offline-llm)/' },
    },
    {
      name: 'service-worker-imports-only-core-and-offline-llm',
      comment:
        'The service worker of static sites is bundled on its own: it may import src/core and src/offline-llm only.',
      severity: 'error',
      from: { path: '^src/service-worker/' },
      to: { path: '^src/', pathNot: '^src/(core|offline-llm|service-worker)/' },
    },
    {
      name: 'kernel-not-to-page',
      comment:
        'The kernel worker never loads page code (controller, editor, render, the kernel client).',
      severity: 'error',
      from: { path: '^src/notebook/kernel/' },
      to: { path: '^src/notebook/(controller/|editor/|render/|kernel-client\\.ts$)' },
    },
    {
      name: 'language-worker-not-to-page',
      comment:
        'The language worker (src/notebook/language) never loads page code; the page loads it only as a worker URL and its protocol.',
      severity: 'error',
      from: { path: '^src/notebook/language/' },
      to: { path: '^src/notebook/(controller/|editor/|render/|kernel/|[a-z-]+-client\\.ts$)' },
    },
    {
      name: 'server-stays-on-the-server',
      comment:
        "src/server runs only in Node: code that reaches browsers (components' scripts included) never imports it. Only .ts files are cruised, not .astro.",
      severity: 'error',
      from: {
        path: '^src/(core|cells|i18n|lib|notebook|schemas|components|offline-llm|service-worker)/',
      },
      to: { path: '^src/server/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Count `import type` too: a type-only cycle or upward import is still a tangle.
    tsPreCompilationDeps: true,
  },
};
