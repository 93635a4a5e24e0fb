import assert from "node:assert/strict";
import { join } from "node:path";
import {
  escapeData,
  escapeProperty,
  formatAnnotation,
  formatJobSummary,
  GithubReporter,
} from "./github.ts";
import {
  allResults,
  collector,
  drive,
  failedCheckResult,
  failedStepResult,
  nastyResult,
  summaryOf,
} from "./_fixtures.ts";
import { main } from "../cli/main.ts";

/** Reads a workflow command line back as the GitHub runner does (its ActionCommand parser). */
function parseCommand(line: string) {
  const match = /^::(\w+) (.*?)::(.*)$/.exec(line);
  assert.ok(match, `not a workflow command: ${line}`);
  const unescape = (text: string) =>
    text.replaceAll("%0D", "\r").replaceAll("%0A", "\n").replaceAll("%3A", ":")
      .replaceAll("%2C", ",").replaceAll("%25", "%");
  const properties = Object.fromEntries(
    match[2].split(",").map((pair) => {
      const at = pair.indexOf("=");
      return [pair.slice(0, at), unescape(pair.slice(at + 1))];
    }),
  );
  return { command: match[1], properties, message: unescape(match[3]) };
}

Deno.test("workflow command escaping: %, CR, LF in data; also : and , in properties", () => {
  assert.equal(escapeData("50% \r\n: ,"), "50%25 %0D%0A: ,");
  assert.equal(escapeProperty("50% \r\n: ,"), "50%25 %0D%0A%3A %2C");
  // Escaping % first: a literal "%0A" in the text stays literal.
  assert.equal(escapeData("%0A"), "%250A");
});

Deno.test("an annotation points at the failed step and carries message, step and rerun", () => {
  const result = failedStepResult();
  const line = formatAnnotation(result);
  assert.ok(line.endsWith("\n") && !line.slice(0, -1).includes("\n"), "one line");
  const { command, properties, message } = parseCommand(line.trimEnd());
  assert.equal(command, "error");
  assert.deepEqual(properties, {
    file: "scenarios/tcp/upper.yaml",
    line: "12",
    col: "7",
    title: "upper-case server answers in capitals [tcp]",
  });
  assert.deepEqual(message.split("\n"), [
    result.failure!.message,
    'at client, step receive: { text: "HELLO\\n" }',
    "lossless: 5 of 6 bytes corrupted",
    `rerun: ${result.rerun}`,
  ]);
});

Deno.test("a check failure is annotated at the scenario's line with the verdicts", () => {
  const { properties, message } = parseCommand(formatAnnotation(failedCheckResult()).trimEnd());
  assert.equal(properties.line, "1");
  assert.equal(properties.col, "1");
  assert.match(message, /^checks failed: max_loss: 3 of 1000 datagrams lost, limit 0\n/);
});

Deno.test("names and messages with , : % and newlines survive the round trip", () => {
  const result = {
    ...nastyResult(),
    name: "a, b: 100% done\nreally",
    file: join(Deno.cwd(), "scenarios", "odd,name:1.yaml"),
  };
  const line = formatAnnotation(result);
  assert.equal(line.split("\n").length, 2, "a single line and its newline");
  const { properties, message } = parseCommand(line.trimEnd());
  assert.equal(properties.title, "a, b: 100% done\nreally [unix]");
  assert.equal(properties.file, "scenarios/odd,name:1.yaml");
  assert.equal(message.split("\n")[0], result.failure!.message.split("\n")[0]);
});

Deno.test("the reporter writes one annotation a failure, in completion order", async () => {
  const out = collector();
  await drive(new GithubReporter({ write: out.write, summaryFile: "" }), allResults());
  const lines = out.text().trimEnd().split("\n");
  assert.deepEqual(lines.map((l) => parseCommand(l).properties.file), [
    "scenarios/tcp/upper.yaml",
    "scenarios/udp/boundaries.yaml",
  ]);
});

Deno.test("the job summary is appended in Markdown to the summary file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-github-" });
  try {
    const file = join(dir, "step_summary.md");
    await Deno.writeTextFile(file, "earlier step\n");
    const odd = { ...failedStepResult(), name: "pipes | in ``` names" };
    const results = [...allResults(), odd];
    await drive(new GithubReporter({ write: () => {}, summaryFile: file }), results);
    const text = await Deno.readTextFile(file);
    assert.ok(text.startsWith("earlier step\n### sockspec: 1 passed, 3 failed, 1 skipped\n"));
    assert.match(
      text,
      /^\| ❌ \| upper-case server answers in capitals \| tcp \| `scenarios\/tcp\/upper.yaml:12` \|/m,
    );
    assert.match(
      text,
      /^\| ⏭️ \| kernel netem loss \| udp \| `scenarios\/faults\/netem.yaml:1` \| needs ip netns/m,
    );
    assert.match(text, /^\| ❌ \| pipes \\\| in ``` names \|/m);
    assert.equal(text.match(/<details>/g)?.length, 3);
    assert.match(text, /rerun: deno task scenarios scenarios\/tcp\/upper.yaml/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failure block holding a fence gets a longer fence", () => {
  const result = { ...failedStepResult(), failure: { message: "got ```` back" } };
  const text = formatJobSummary(summaryOf([result]));
  assert.match(text, /^`````text$/m);
});

Deno.test("--reporter github annotates a real failing run at the failed step's line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-github-", dir: Deno.cwd() });
  const summaryFile = join(dir, "summary.md");
  Deno.env.set("GITHUB_STEP_SUMMARY", summaryFile);
  try {
    await Deno.writeTextFile(
      join(dir, "upper.yaml"),
      `name: upper answers in capitals
transport: tcp
server: { builtin: upper }
client:
  - connect: {}
  - send: "hello"
  - receive: "hello"
`,
    );
    let stdout = "";
    const code = await main([join(dir, "upper.yaml"), "--reporter", "github", "--seed", "1"], {
      stdout: (text) => stdout += text,
      stderr: () => {},
    });
    assert.equal(code, 1);
    const { properties, message } = parseCommand(stdout.trimEnd());
    const relative = dir.slice(Deno.cwd().length + 1);
    assert.deepEqual(properties, {
      file: `${relative}/upper.yaml`,
      line: "7",
      col: "5",
      title: "upper answers in capitals [tcp]",
    });
    assert.match(
      message,
      /^received bytes differ from the expected ones at offset 0: the same letters in another case/,
    );
    assert.match(await Deno.readTextFile(summaryFile), /^### sockspec: 0 passed, 1 failed$/m);
  } finally {
    Deno.env.delete("GITHUB_STEP_SUMMARY");
    await Deno.remove(dir, { recursive: true });
  }
});
