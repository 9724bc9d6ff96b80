#!/usr/bin/env node
// Builds the receipt page into dist/: index.html, receipt.css and receipt.js (our code with snarkjs,
// circomlibjs's Poseidon and noble's hashes and curves, bundled by esbuild from this folder's lock file).
// dist/ works from any web server and straight from disk (file://): one classic script, no modules, no
// CDN. The node serves it at /receipt. Run: node build.mjs (scripts/setup.sh and the node's build do).
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const modules = join(here, 'node_modules');

// circomlibjs's Poseidon reads its round constants for every width from one 870 KB module; the page
// hashes pairs only (t = 3), so it gets the constants of t = 2 and 3 (index t − 2) and nothing else.
const poseidonConstants = join(modules, 'circomlibjs', 'src', 'poseidon_constants.js');
const { default: allConstants } = await import(poseidonConstants);

const pagePlugin = {
  name: 'receipt-page',
  setup(b) {
    // circomlibjs's files are not in its package's exports; the page imports the one it uses by path.
    b.onResolve({ filter: /^circomlibjs\/src\// }, (args) => ({ path: join(modules, args.path) }));
    // One copy of the field library: snarkjs's (circomlibjs asks for an older one with the same API).
    b.onResolve({ filter: /^ffjavascript$/ }, () => ({
      path: createRequire(join(modules, 'snarkjs', 'package.json')).resolve('ffjavascript').replace(/build[/\\]main\.cjs$/, 'build/browser.esm.js'),
    }));
    b.onResolve({ filter: /^assert$/ }, () => ({ path: join(here, 'src', 'shims', 'assert.js') }));
    b.onLoad({ filter: /poseidon_constants\.js$/ }, () => ({
      contents: `export default ${JSON.stringify({ C: allConstants.C.slice(0, 2), M: allConstants.M.slice(0, 2) })};`,
      loader: 'js',
    }));
  },
};

await mkdir(dist, { recursive: true });
const { metafile } = await build({
  entryPoints: [join(here, 'src', 'main.js')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  outfile: join(dist, 'receipt.js'),
  plugins: [pagePlugin],
  logLevel: 'warning',
});
await writeFile(join(dist, 'licences.txt'), await licences(Object.keys(metafile.inputs)));
for (const file of ['index.html', 'receipt.css']) await copyFile(join(here, 'static', file), join(dist, file));
const size = (await readFile(join(dist, 'receipt.js'))).length;
console.log(`receipt page: ${dist} (receipt.js ${(size / 1024).toFixed(0)} KB)`);

// Every npm package whose code is in receipt.js, with its version and licence, from its own package.json.
async function licences(inputs) {
  const folders = new Set(inputs.map((input) => input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)?.[1]).filter(Boolean));
  const lines = [];
  for (const folder of [...folders].sort()) {
    const { name, version, license } = JSON.parse(await readFile(join(here, folder, 'package.json'), 'utf8'));
    lines.push(`${name} ${version}: ${license ?? 'no licence named'}`);
  }
  return `receipt.js bundles the ZkSummarize receipt page's own code with these npm packages:\n${[...new Set(lines)].join('\n')}\n`;
}
