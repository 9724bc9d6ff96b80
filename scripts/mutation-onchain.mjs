#!/usr/bin/env node
// Mutation testing of the on-chain program (docs/testing.md): each mutant is one change to one line of an
// instruction handler (src/onchain/*.c but program.c):
//   flip    a comparison into its negation (== and !=, < and >=, > and <=)
//   negate  a condition that starts with ! (`if (!x)` becomes `if (x)`)
//   drop    a check: a TRY(...) statement, or an `if (...) return ERR_...;` guard, is removed
// A mutant is built into a temporary copy of src/onchain (clang-14, then our linker, through the tests'
// OnchainBuild with ZKS_ONCHAIN_SOURCE pointing at the copy) and the Onchain test classes that send the
// mutated handler's instruction (TESTS_BY_HANDLER below) run against it, one class at a time, cheapest broad
// killer first: the first failing class kills it and the rest are skipped. Not part of CI: hours in all.
//
//   node scripts/mutation-onchain.mjs --list                  # every mutant, numbered, in run order
//   node scripts/mutation-onchain.mjs [--sample N] [--only 3,17] [--filter-class Name]... [--results FILE] [--resume]
//   node scripts/mutation-onchain.mjs --summary [--results FILE]  # the score so far, from the results file alone
//
// Each outcome is appended to the results file (default artifacts/mutation/onchain/results.jsonl) as it is
// known; --resume skips the mutants already in it, so a stopped run goes on where it stopped.
// --sample N runs every k-th mutant for N in all (the same N picks the same mutants every time);
// --filter-class replaces the map with those classes for every mutant (a weaker score: say which in docs).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'onchain');
const handlers = readdirSync(source).filter(f => f.endsWith('.c') && f !== 'program.c').sort();

// Per-test coverage by hand: the Onchain test classes whose tests send each handler's instruction (directly or
// through EscrowDriver). Every class's fixture also sends InitializeConfig and SetVerifyingKey, so those two
// handlers run in every class. IdlTests is left out: its chain test opens one escrow through @solana/kit, which
// ComputeUnitTests already does through the C# client. Order: ComputeUnitTests first (one test, about 30 s, every
// instruction's happy path: it kills whatever breaks that), then the class most likely to catch a dropped check.
const TESTS_BY_HANDLER = {
  'initialize_config.c': ['ComputeUnitTests', 'ProgramErrorTests', 'EscrowAttackTests', 'RandomInstructionTests'],
  'set_verifying_key.c': ['ComputeUnitTests', 'ProgramErrorTests', 'EscrowAttackTests', 'RandomInstructionTests'],
  'open_escrow.c': ['ComputeUnitTests', 'ProgramErrorTests', 'EscrowAttackTests', 'EscrowProgramTests', 'RandomInstructionTests'],
  'attest.c': ['ComputeUnitTests', 'ProgramErrorTests', 'EscrowAttackTests', 'EscrowProgramTests', 'RandomInstructionTests'],
  'attest_direct.c': ['ComputeUnitTests', 'EscrowProgramTests', 'EscrowAttackTests', 'ProgramErrorTests', 'RandomInstructionTests'],
  'refund.c': ['ComputeUnitTests', 'EscrowProgramTests', 'ProgramErrorTests', 'EscrowAttackTests', 'RandomInstructionTests'],
  'register_worker.c': ['ComputeUnitTests', 'ProgramErrorTests', 'EscrowAttackTests', 'EscrowProgramTests', 'RandomInstructionTests'],
};

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
  const numbered = found.map((m, n) => ({ id: n + 1, ...m }));
  // Run order: round robin over the handlers (each file's first mutant, then each file's second, ...), so a
  // run stopped part way has tried every handler about equally. Deterministic: the ids never change.
  const rank = new Map();
  const seen = {};
  for (const m of numbered) rank.set(m.id, seen[m.file] = (seen[m.file] ?? 0) + 1);
  return numbered.sort((a, b) => rank.get(a.id) - rank.get(b.id) || a.file.localeCompare(b.file));
}

function parse(argv) {
  const options = { list: false, summary: false, sample: 0, only: null, classes: [], resume: false,
    results: join(root, 'artifacts', 'mutation', 'onchain', 'results.jsonl') };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--list': options.list = true; break;
      case '--summary': options.summary = true; break;
      case '--sample': options.sample = Number(argv[++i]); break;
      case '--only': options.only = new Set(argv[++i].split(',').map(Number)); break;
      case '--filter-class': options.classes.push(argv[++i]); break;
      case '--results': options.results = argv[++i]; break;
      case '--resume': options.resume = true; break;
      default: throw new Error(`unknown option ${argv[i]}; see the comment at the top of scripts/mutation-onchain.mjs`);
    }
  }
  return options;
}

function chosen(all, options) {
  if (options.only) return all.filter(m => options.only.has(m.id));
  if (options.sample > 0 && options.sample < all.length) {
    // Every k-th by id, so a sample does not depend on the run order.
    const byId = [...all].sort((a, b) => a.id - b.id);
    const step = all.length / options.sample;
    const picked = new Set(Array.from({ length: options.sample }, (_, k) => byId[Math.floor(k * step)].id));
    return all.filter(m => picked.has(m.id));
  }
  return all;
}

/** The test classes for a handler's mutants: --filter-class when given, else the map. */
function classesFor(file, options) {
  return options.classes.length ? options.classes : TESTS_BY_HANDLER[file] ?? Object.values(TESTS_BY_HANDLER).flat();
}

/** The program's sources, hashed: a baseline recorded in the results file holds only for the same sources. */
function sourceHash() {
  const hash = createHash('sha256');
  for (const f of readdirSync(source).filter(f => /\.[ch]$/.test(f)).sort()) hash.update(f).update(readFileSync(join(source, f)));
  return hash.digest('hex').slice(0, 16);
}

function readResults(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line));
}

/** A copy of src/onchain (without its build folder) with, optionally, one line replaced. */
function copyOfSource(prefix, mutant) {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  cpSync(source, folder, { recursive: true, filter: path => !path.includes(`${source}/build`) });
  if (mutant) {
    const lines = readFileSync(join(folder, mutant.file), 'utf8').split('\n');
    lines[mutant.line - 1] = mutant.mutated;
    writeFileSync(join(folder, mutant.file), lines.join('\n'));
  }
  return folder;
}

/** Builds the mutant in a copy of src/onchain; false when it does not compile (not counted). */
// A dropped length check can leave a parameter or variable unused, which -Werror would reject: such a mutant
// still changes behaviour, so the unused-* warnings are off for mutants (here and, through ZKS_ONCHAIN_CFLAGS,
// in the tests' OnchainBuild). Every other warning still fails the build.
const MUTANT_CFLAGS = ['-Wno-unused-parameter', '-Wno-unused-variable', '-Wno-unused-but-set-variable', '-Wno-unused-function'];

function compiles(folder) {
  const result = spawnSync('clang-14', ['-target', 'bpf', '-mcpu=v2', '-O2', '-ffreestanding', '-fno-builtin', '-ffunction-sections', '-fdata-sections',
    '-Wall', '-Wextra', '-Werror', ...MUTANT_CFLAGS, '-c', join(folder, 'program.c'), '-o', join(folder, 'program.o')], { encoding: 'utf8' });
  return result.status === 0;
}

// xunit's own runner (the test executable) stops at the first failing test: a killed mutant costs less than a full run.
function classPasses(folder, testClass) {
  const bin = join(root, 'tests', 'ZkSummarize.Onchain.Tests', 'bin', 'Release', 'net10.0');
  const run = spawnSync(join(bin, 'ZkSummarize.Onchain.Tests'), ['-stopOnFail', '-noColor', '-class', testClass.includes('.') ? testClass : `ZkSummarize.Onchain.Tests.${testClass}`], {
    cwd: bin, encoding: 'utf8', env: { ...process.env, ZKS_ONCHAIN_SOURCE: folder, ZKS_ONCHAIN_CFLAGS: MUTANT_CFLAGS.join(' ') }, maxBuffer: 64 << 20,
  });
  return { pass: run.status === 0, failed: /Failed: (\d+)/.exec(run.stdout)?.[1] ?? '?', output: run.stdout + run.stderr };
}

/** Runs the classes one at a time and stops at the first that fails: that class killed the mutant. */
function firstFailingClass(folder, classes) {
  for (const testClass of classes) {
    ensureBaseline(testClass);
    const outcome = classPasses(folder, testClass);
    if (!outcome.pass) return { testClass, ...outcome };
  }
  return null;
}

const options = parse(process.argv.slice(2));
const all = mutants();
if (options.list) {
  for (const m of all) console.log(`${String(m.id).padStart(3)}  ${m.file}:${m.line}  ${m.kind}  ${m.what}  [${classesFor(m.file, options).join(', ')}]`);
  console.log(`${all.length} mutants`);
  process.exit(0);
}
if (options.summary) {
  summarize(readResults(options.results).filter(r => r.id), all.length);
  process.exit(0);
}
execFileSync('dotnet', ['build', join(root, 'tests', 'ZkSummarize.Onchain.Tests'), '-c', 'Release', '-v', 'quiet', '--nologo'], { stdio: 'inherit' });
mkdirSync(dirname(options.results), { recursive: true });
if (!options.resume) writeFileSync(options.results, '');
const previous = readResults(options.results);
const hash = sourceHash();
if (previous.some(r => r.source && r.source !== hash)) throw new Error(`${options.results} was made from other sources of src/onchain: start again without --resume`);
const done = new Set(previous.filter(r => r.id).map(r => r.id));
const run = chosen(all, options).filter(m => !done.has(m.id));
const record = entry => appendFileSync(options.results, JSON.stringify({ ...entry, source: hash }) + '\n');

// The unchanged program must pass a class before that class may kill a mutant, or every mutant would count as
// killed. Checked the first time a class is needed (a class only reached for survivors may never be), once
// per source state: the baseline is recorded in the results file.
const baselines = new Set(previous.filter(r => r.baseline).map(r => r.baseline));
function ensureBaseline(testClass) {
  if (baselines.has(testClass)) return;
  const folder = copyOfSource('zks-onchain-baseline-');
  try {
    const outcome = classPasses(folder, testClass);
    if (!outcome.pass) throw new Error(`${testClass} fails on the unchanged program: fix that first\n${outcome.output.slice(-3000)}`);
    record({ baseline: testClass });
    baselines.add(testClass);
    console.log(`baseline: ${testClass} passes on the unchanged program`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
console.log(`${run.length} mutants to run (${done.size} already in ${options.results}), of ${all.length}`);
for (const [k, m] of run.entries()) {
  const folder = copyOfSource('zks-onchain-mutant-', m);
  try {
    const started = Date.now();
    let entry;
    if (!compiles(folder)) {
      entry = { status: 'compileError' };
    } else {
      const killer = firstFailingClass(folder, classesFor(m.file, options));
      entry = killer ? { status: 'killed', by: killer.testClass, failed: killer.failed } : { status: 'survived', ran: classesFor(m.file, options) };
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    record({ id: m.id, file: m.file, line: m.line, kind: m.kind, what: m.what, ...entry, seconds });
    console.log(`[${k + 1}/${run.length}] #${m.id} ${m.file}:${m.line} ${m.what}: ${entry.status}${entry.by ? ` by ${entry.by}` : ''} in ${seconds} s`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
summarize(readResults(options.results).filter(r => r.id), all.length);

/** The score over every outcome in the results file (this run and the ones it resumed). */
function summarize(outcomes, total) {
  const count = status => outcomes.filter(r => r.status === status).length;
  const killed = count('killed'), survived = count('survived');
  console.log(`mutation score ${killed + survived ? (100 * killed / (killed + survived)).toFixed(1) : '-'}% (${killed} killed, ` +
    `${survived} survived, ${count('compileError')} did not compile, ${total - outcomes.length} not run)`);
  for (const file of handlers) {
    const mine = outcomes.filter(r => r.file === file);
    const k = mine.filter(r => r.status === 'killed').length, s = mine.filter(r => r.status === 'survived').length;
    console.log(`  ${file}: ${k} killed, ${s} survived, ${mine.length - k - s} did not compile`);
  }
  const byClass = {};
  for (const r of outcomes.filter(r => r.by)) byClass[r.by] = (byClass[r.by] ?? 0) + 1;
  console.log(`  killed by: ${Object.entries(byClass).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const r of outcomes.filter(r => r.status === 'survived')) console.log(`  survived #${r.id} ${r.file}:${r.line} ${r.what}`);
}
