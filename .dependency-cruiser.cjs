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
      name: 'no-notebook-below',
      comment:
        'src/lib, src/cells and src/notebook/transform run without the page or the kernel: ' +
        'shared vocabulary comes from src/core, never from the rest of src/notebook.',
      severity: 'error',
      from: { path: '^src/(lib|cells|notebook/transform)/' },
      to: { path: '^src/notebook/', pathNot: '^src/notebook/transform/' },
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
      name: 'kernel-not-to-page',
      comment:
        'The kernel worker never loads page code (controller, editor, render, the kernel client).',
      severity: 'error',
      from: { path: '^src/notebook/kernel/' },
      to: { path: '^src/notebook/(controller/|editor/|render/|kernel-client\\.ts$)' },
    },
    {
      name: 'server-stays-on-the-server',
      comment: 'src/server runs only in Node: code that reaches browsers never imports it.',
      severity: 'error',
      from: { path: '^src/(core|cells|lib|notebook)/' },
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
