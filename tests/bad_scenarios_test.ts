/**
 * Every invalid scenario file under `tests/bad_scenarios/` goes through the real command line: it
 * must exit 2 at once, name file:line:column, the field and what was expected, and never show a
 * stack trace.
 *
 * Each file states what its error must say on its first line (a sidecar `<file>.expect` for files
 * that cannot hold a comment, such as JSON):
 *
 * ```
 * # expect: LINE:COLUMN FIELD MESSAGE_REGEX
 * # known-bug: why the harness gets this one wrong today (the test is then ignored)
 * ```
 *
 * `LINE:COLUMN` may be `*` (any location) or `LINE:*`; `FIELD` is `-` for an error with no field
 * (YAML syntax, a whole document) and `*` for any field. Inputs too large or too empty to commit
 * (a 10 MB file, a 0-byte file, broken JSON that `deno fmt` would refuse) are written by the tests
 * into a temporary folder.
 *
 * @module
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { main } from "../lib/cli/main.ts";
import { MAX_SCENARIO_FILE_BYTES } from "../lib/scenario/load.ts";

const DIR = new URL("./bad_scenarios/", import.meta.url).pathname;
/** The CLI refuses an invalid file before running anything: this is generous. */
const ONE_FILE_BOUND_MS = 10_000;
const ALL_FILES_BOUND_MS = 30_000;

interface Expectation {
  line?: number;
  column?: number;
  /** `""` for no field, `undefined` for any field. */
  field?: string;
  message: RegExp;
  knownBug?: string;
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

function parseExpectation(spec: string, knownBug: string | undefined, file: string): Expectation {
  const found = /^(\*|\d+:(?:\d+|\*)) (\S+) (.+)$/.exec(spec.trim());
  if (!found) throw new Error(`${file}: expected "LINE:COLUMN FIELD REGEX", found "${spec}"`);
  const [, where, field, message] = found;
  const [line, column] = where === "*" ? [] : where.split(":").map((n) => Number(n) || undefined);
  return {
    line,
    column,
    field: field === "-" ? "" : field === "*" ? undefined : field,
    message: new RegExp(message),
    knownBug,
  };
}

function readExpectation(file: string): Expectation {
  let sidecar: string | undefined;
  try {
    sidecar = Deno.readTextFileSync(`${file}.expect`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (sidecar !== undefined) return parseExpectation(sidecar, undefined, file);
  // The header is ASCII even where the rest of the file is not UTF-8.
  const head = new TextDecoder("latin1").decode(Deno.readFileSync(file).subarray(0, 2048));
  const spec = /^# expect: (.*)$/m.exec(head)?.[1];
  if (spec === undefined) throw new Error(`${file}: no "# expect:" line and no ${file}.expect`);
  const knownBug = /^# known-bug: (.*)$/m.exec(head)?.[1];
  return parseExpectation(spec, knownBug, file);
}

function badFiles(): string[] {
  return [...Deno.readDirSync(DIR)]
    .filter((entry) => entry.isFile && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => join(DIR, entry.name))
    .sort();
}

async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function cli(args: string[], boundMs: number): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const started = performance.now();
  const code = await withinMs(
    main(args, { stdout: (text) => stdout += text, stderr: (text) => stderr += text }),
    boundMs,
    `main(${args.map((arg) => basename(arg)).join(" ")})`,
  );
  return { code, stdout, stderr, durationMs: performance.now() - started };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Finds the `error:` line about `file` and checks location, field and message. */
function assertReported(stderr: string, file: string, expected: Expectation): void {
  const lines = stderr.split("\n").filter((line) => line.startsWith(`error: ${file}:`));
  assert.equal(lines.length, 1, `one error line for ${file} in:\n${stderr}`);
  const found = new RegExp(`^error: ${escape(file)}:(\\d+):(\\d+): (.*)$`).exec(lines[0]);
  assert.ok(found, `error line without file:line:column: ${lines[0]}`);
  const [, line, column, rest] = found;
  if (expected.line !== undefined) assert.equal(Number(line), expected.line, lines[0]);
  if (expected.column !== undefined) assert.equal(Number(column), expected.column, lines[0]);
  let message = rest;
  if (expected.field !== undefined && expected.field !== "") {
    assert.ok(rest.startsWith(`${expected.field}: `), `field ${expected.field} in: ${lines[0]}`);
    message = rest.slice(expected.field.length + 2);
  }
  assert.match(message, expected.message, lines[0]);
}

function assertNoStackTrace(run: CliRun): void {
  assert.doesNotMatch(run.stderr, /^\s+at /m, `stack trace in:\n${run.stderr}`);
  assert.doesNotMatch(run.stdout, /^\s+at /m, `stack trace in:\n${run.stdout}`);
}

async function assertRefused(file: string, expected: Expectation): Promise<void> {
  const run = await cli([file], ONE_FILE_BOUND_MS);
  assert.equal(run.code, 2, `exit code of ${file}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  assertNoStackTrace(run);
  assertReported(run.stderr, file, expected);
  assert.match(run.stderr, /^1 invalid scenario file: nothing was run$/m);
  assert.equal(run.stdout, "", "nothing runs, so nothing is reported");
  assert.ok(run.durationMs < ONE_FILE_BOUND_MS, `${run.durationMs} ms`);
}

const FILES = badFiles();

Deno.test("the bad scenario folder holds at least 45 files, each with its expectation", () => {
  assert.ok(FILES.length >= 45, `${FILES.length} files`);
  for (const file of FILES) readExpectation(file);
});

for (const file of FILES) {
  const expected = readExpectation(file);
  const where = expected.line === undefined
    ? "a location"
    : `${expected.line}:${expected.column ?? "*"}`;
  const field = expected.field === undefined ? "" : ` ${expected.field || "(no field)"}`;
  Deno.test({
    name: `${basename(file)} exits 2 naming${field} at ${where}` +
      (expected.knownBug ? ` (known bug: ${expected.knownBug})` : ""),
    ignore: expected.knownBug !== undefined,
    fn: () => assertRefused(file, expected),
  });
}

Deno.test("one run over every bad file reports each of them and exits 2", async () => {
  const files = FILES.filter((file) => readExpectation(file).knownBug === undefined);
  const run = await cli(files, ALL_FILES_BOUND_MS);
  assert.equal(run.code, 2);
  assertNoStackTrace(run);
  for (const file of files) assertReported(run.stderr, file, readExpectation(file));
  const errors = run.stderr.split("\n").filter((line) => line.startsWith("error: "));
  assert.equal(errors.length, files.length, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(`^${files.length} invalid scenario files: nothing was run$`, "m"),
  );
  assert.equal(run.stdout, "");
});

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-bad-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a 10 MB file is refused by its size, without being parsed", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "ten_megabytes.yaml");
    const line = "# a comment line of padding, repeated until the file is ten megabytes long\n";
    const size = 10 * 1000 * 1000;
    await Deno.writeTextFile(
      file,
      `name: huge\ntransport: tcp\n${line.repeat(size / line.length)}`,
    );
    assert.ok((await Deno.stat(file)).size > MAX_SCENARIO_FILE_BYTES);
    await assertRefused(file, {
      line: 1,
      column: 1,
      field: "",
      message: new RegExp(
        `^file is \\d{8} bytes: expected a scenario file of at most ${MAX_SCENARIO_FILE_BYTES} bytes$`,
      ),
    });
  });
});

Deno.test("a file one byte over 1 MiB is refused, one of exactly 1 MiB is read", async () => {
  await withTempDir(async (dir) => {
    const body = "name: at the limit\ntransport: tcp\nserver: { builtin: echo }\nclient: []\n";
    const pad = (size: number) => body + "#".repeat(size - body.length - 1) + "\n";
    const over = join(dir, "over.yaml");
    await Deno.writeTextFile(over, pad(MAX_SCENARIO_FILE_BYTES + 1));
    await assertRefused(over, { line: 1, column: 1, field: "", message: /^file is 1048577 bytes/ });
    const limit = join(dir, "limit.yaml");
    await Deno.writeTextFile(limit, pad(MAX_SCENARIO_FILE_BYTES));
    const run = await cli([limit, "--list"], ONE_FILE_BOUND_MS);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /at the limit/);
  });
});

Deno.test("an empty file of 0 bytes is refused", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "empty.yaml");
    await Deno.writeFile(file, new Uint8Array(0));
    await assertRefused(file, { line: 1, column: 1, field: "", message: /^file is empty/ });
  });
});

Deno.test("JSON with an unclosed bracket is refused at the end of the text", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "unclosed.json");
    await Deno.writeTextFile(
      file,
      '{"name": "json", "transport": "tcp",\n "server": {"builtin": "echo"},\n "client": [{"connect": {}}\n',
    );
    await assertRefused(file, { line: 4, column: 1, field: "", message: /end with a \]/ });
  });
});

Deno.test("a scenario path that is a dangling symlink exits 2 naming it", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "dangling.yaml");
    await Deno.symlink(join(dir, "nowhere.yaml"), file);
    const run = await cli([file], ONE_FILE_BOUND_MS);
    assert.equal(run.code, 2);
    assertNoStackTrace(run);
    assert.match(run.stderr, new RegExp(`^error: ${escape(file)}: no such file or folder$`, "m"));
  });
});
