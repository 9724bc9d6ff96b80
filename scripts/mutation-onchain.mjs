#!/usr/bin/env node
// Mutation testing of the on-chain program (docs/testing.md): each mutant is one change to one line of an
// instruction handler (src/onchain/*.c but program.c):
//   flip    a comparison into its negation (== and !=, < and >=, > and <=)
//   negate  a condition that starts with ! (`if (!x)` becomes `if (x)`)
//   drop    a check: a TRY(...) statement, or an `if (...) return ERR_...;` guard, is removed
// A mutant is built into a temporary copy of src/onchain (clang-14, then our linker, through the tests'
// OnchainBuild with ZKS_ONCHAIN_SOURCE pointing at the copy) and tests/ZkSummarize.Onchain.Tests runs
// against it: a failing test kills it. Not part of CI: one test run takes minutes.
//
//   node scripts/mutation-onchain.mjs --list                  # every mutant, numbered
//   node scripts/mutation-onchain.mjs [--sample N] [--only 3,17] [--filter-class Name]...
//
// --sample N runs every k-th mutant for N in all (the same N picks the same mutants every time);
// --filter-class limits the test run to those classes (faster, and a weaker score: say which in docs).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'onchain');
const handlers = readdirSync(source).filter(f => f.endsWith('.c') && f !== 'program.c').sort();

/** Every mutant: the file, the 1-based line, what it does, and the mutated line. */
export function mutants() {
  const found = [];
  const negation = { '==': '!=', '!=': '==', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };
  for (const file of handlers) {
    const lines = readFileSync(join(source, file), 'utf8').split('\n');
    let inComment = false;
    lines.forEach((line, i) => {
      const code = line.trim();
      if (inComment || code.startsWith('/*')) { inComment = !code.includes('*/'); return; }
      if (code.startsWith('#') || code.startsWith('//') || code === '') return;
      // Comparisons outside string literals and away from ->, <<, >> (a space on each side, as the code is written).
      for (const match of line.matchAll(/ (==|!=|<=|>=|<|>) /g)) {
        const at = match.index + 1;
        const mutated = line.slice(0, at) + negation[match[1]] + line.slice(at + match[1].length);
        found.push({ file, line: i + 1, kind: 'flip', what: `${match[1]} -> ${negation[match[1]]}`, mutated });
      }
      for (const match of line.matchAll(/if \(!(?!=)/g)) {
        const at = match.index + 4;
        found.push({ file, line: i + 1, kind: 'negate', what: 'if (!x) -> if (x)', mutated: line.slice(0, at) + line.slice(at + 1) });
      }
      if (/^TRY\(.*\);$/.test(code) || /^if \(.*\) return ERR_[A-Z_]+;$/.test(code)) {
        found.push({ file, line: i + 1, kind: 'drop', what: `drop ${code.slice(0, 60)}`, mutated: '' });
      }
    });
  }
  return found.map((m, n) => ({ id: n + 1, ...m }));
}

function parse(argv) {
  const options = { list: false, sample: 0, only: null, classes: [] };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--list': options.list = true; break;
      case '--sample': options.sample = Number(argv[++i]); break;
      case '--only': options.only = new Set(argv[++i].split(',').map(Number)); break;
      case '--filter-class': options.classes.push(argv[++i]); break;
      default: throw new Error(`unknown option ${argv[i]}; see the comment at the top of scripts/mutation-onchain.mjs`);
    }
  }
  return options;
}

function chosen(all, options) {
  if (options.only) return all.filter(m => options.only.has(m.id));
  if (options.sample > 0 && options.sample < all.length) {
    const step = all.length / options.sample;
    return Array.from({ length: options.sample }, (_, k) => all[Math.floor(k * step)]);
  }
  return all;
}

/** Builds the mutant in a copy of src/onchain; false when it does not compile (not counted). */
function compiles(folder) {
  const result = spawnSync('clang-14', ['-target', 'bpf', '-mcpu=v2', '-O2', '-ffreestanding', '-fno-builtin', '-ffunction-sections', '-fdata-sections',
    '-Wall', '-Wextra', '-Werror', '-c', join(folder, 'program.c'), '-o', join(folder, 'program.o')], { encoding: 'utf8' });
  return result.status === 0;
}

// xunit's own runner (the test executable) stops at the first failing test: a killed mutant costs less than a full run.
function testsPass(folder, classes) {
  const bin = join(root, 'tests', 'ZkSummarize.Onchain.Tests', 'bin', 'Release', 'net10.0');
  const filter = classes.flatMap(c => ['-class', c.includes('.') ? c : `ZkSummarize.Onchain.Tests.${c}`]);
  const run = spawnSync(join(bin, 'ZkSummarize.Onchain.Tests'), ['-stopOnFail', '-noColor', ...filter], {
    cwd: bin, encoding: 'utf8', env: { ...process.env, ZKS_ONCHAIN_SOURCE: folder }, maxBuffer: 64 << 20,
  });
  const failed = /Failed: (\d+)/.exec(run.stdout)?.[1];
  return { pass: run.status === 0, failed: failed ?? '?' };
}

const options = parse(process.argv.slice(2));
const all = mutants();
if (options.list) {
  for (const m of all) console.log(`${String(m.id).padStart(3)}  ${m.file}:${m.line}  ${m.kind}  ${m.what}`);
  console.log(`${all.length} mutants`);
  process.exit(0);
}
execFileSync('dotnet', ['build', join(root, 'tests', 'ZkSummarize.Onchain.Tests'), '-c', 'Release', '-v', 'quiet', '--nologo'], { stdio: 'inherit' });
const run = chosen(all, options);
const results = { killed: [], survived: [], compileError: [] };
// The unchanged program must pass, or every mutant would count as killed.
{
  const folder = mkdtempSync(join(tmpdir(), 'zks-onchain-baseline-'));
  cpSync(source, folder, { recursive: true, filter: path => !path.includes(`${source}/build`) });
  const baseline = testsPass(folder, options.classes);
  rmSync(folder, { recursive: true, force: true });
  if (!baseline.pass) throw new Error('the tests fail on the unchanged program: fix that first');
}
console.log(`${run.length} of ${all.length} mutants; tests: ${options.classes.length ? options.classes.join(', ') : 'all of ZkSummarize.Onchain.Tests'}`);
for (const m of run) {
  const folder = mkdtempSync(join(tmpdir(), 'zks-onchain-mutant-'));
  try {
    cpSync(source, folder, { recursive: true, filter: path => !path.includes(`${source}/build`) });
    const lines = readFileSync(join(folder, m.file), 'utf8').split('\n');
    lines[m.line - 1] = m.mutated;
    writeFileSync(join(folder, m.file), lines.join('\n'));
    const started = Date.now();
    let status;
    if (!compiles(folder)) {
      status = 'did not compile';
      results.compileError.push(m);
    } else {
      const outcome = testsPass(folder, options.classes);
      status = outcome.pass ? 'SURVIVED' : `killed (${outcome.failed} failed)`;
      (outcome.pass ? results.survived : results.killed).push(m);
    }
    console.log(`#${m.id} ${m.file}:${m.line} ${m.what}: ${status} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
const counted = results.killed.length + results.survived.length;
console.log(`mutation score ${counted ? (100 * results.killed.length / counted).toFixed(1) : '-'}% (${results.killed.length} killed, ` +
  `${results.survived.length} survived, ${results.compileError.length} did not compile)`);
for (const m of results.survived) console.log(`  survived #${m.id} ${m.file}:${m.line} ${m.what}`);
