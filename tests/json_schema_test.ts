/**
 * The JSON Schema that editors use (`schema/scenario.schema.json`) against what the loader
 * accepts, checked with Ajv in draft 2020-12 mode, document by document:
 *
 * - every scenario file shipped (scenarios/, examples/) passes, and starts with the
 *   `# yaml-language-server: $schema=...` line that points editors at the schema;
 * - every YAML example of every README passes: whole scenarios against the schema, fragments
 *   (`faults:`, `network:`, a list of faults) against the part of the schema they belong to;
 * - every scenario written inside the tests (`*_test.ts`) that the loader accepts passes;
 * - every file of the invalid corpus (tests/bad_scenarios) is rejected, except the ones listed in
 *   {@linkcode NOT_EXPRESSIBLE} with the reason JSON Schema cannot say it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { parseAllDocuments } from "yaml";
import { parseScenarios } from "../lib/scenario/load.ts";
import { ScenarioFileError } from "../lib/scenario/errors.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const SCHEMA_FILE = join(ROOT, "schema/scenario.schema.json");
const SCHEMA_ID = "sockspec-scenario";

/**
 * Files of tests/bad_scenarios that the schema accepts, and why JSON Schema cannot reject them.
 * The test fails if one of these becomes rejected (then it leaves the list) or if a file not
 * listed is accepted.
 */
const NOT_EXPRESSIBLE: Record<string, string> = {
  "after_cycle.yaml": "peers refer to each other by name (after:); a cycle is a graph property",
  "after_names_a_server.yaml": "after: must name a client peer: a value matched against keys",
  "after_unknown_peer.yaml": "after: must name a peer of the file: a value matched against keys",
  "circular_barrier.yaml": "waits and marks across peers form a graph; a cycle is not a shape",
  "wait_never_marked.yaml": "a wait: needs a mark: of the same name in another peer",
  "duplicate_scenario_names.yaml": "names must differ across the documents of a file; the " +
    "schema sees one document",
  "comment_only.yaml": "the file holds no document, so there is nothing to validate",
  "datagram_step_on_tcp.yaml": "which steps a peer may take depends on the transport, and steps " +
    "nest (repeat, parallel): it would take a copy of the step grammar per transport family",
  "stream_step_on_udp.yaml": "as datagram_step_on_tcp.yaml: steps allowed depend on the transport",
  "stream_step_on_mixed_transports.yaml": "as datagram_step_on_tcp.yaml, for a list of transports",
  "unixgram_parallel_send_receive.yaml": "a limit of Deno on unixgram for steps inside parallel: " +
    "depends on the transport and on nesting",
  "receive_match_bad_regex.yaml": 'JSON Schema\'s format "regex" is an annotation that ' +
    "validators check with their own regex dialect (Ajv: the u flag) or not at all",
};

const schema = JSON.parse(await Deno.readTextFile(SCHEMA_FILE));
// strictRequired is off: the "exactly one of" rules name in `required` keys that the object
// declares beside them, not inside each branch.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addSchema(schema, SCHEMA_ID);
const validateScenario = ajv.getSchema(SCHEMA_ID)!;

function describe(errors: ErrorObject[] | null | undefined): string {
  const error = errors?.[0];
  return error ? `${error.instancePath || "/"} ${error.message} (${error.schemaPath})` : "";
}

/** Validates plain data against the schema or the part of it at `pointer` (`/properties/x`). */
function check(value: unknown, pointer = ""): string | undefined {
  const validate = pointer ? ajv.getSchema(`${SCHEMA_ID}#${pointer}`)! : validateScenario;
  return validate(value) ? undefined : describe(validate.errors);
}

/** The documents of YAML text as plain data (empty documents left out). */
function documents(text: string, where: string): unknown[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  assert.ok(Array.isArray(docs), `${where}: YAML documents`);
  return docs.filter((doc) => doc.contents !== null).map((doc) => {
    assert.deepEqual(doc.errors, [], `${where}: valid YAML`);
    return doc.toJS({ maxAliasCount: 100 });
  });
}

async function walk(dir: string, keep: (path: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...await walk(path, keep));
    else if (keep(path)) found.push(path);
  }
  return found.sort();
}

/** Scenario files of the repository: YAML under scenarios/ and examples/ but the CI templates. */
async function scenarioFiles(): Promise<string[]> {
  const yaml = (path: string) => /\.ya?ml$/.test(path) && !path.includes("/examples/ci/");
  return [
    ...await walk(join(ROOT, "scenarios"), yaml),
    ...await walk(join(ROOT, "examples"), yaml),
  ];
}

Deno.test("every shipped scenario document passes the JSON Schema", async () => {
  const files = await scenarioFiles();
  const problems: string[] = [];
  let count = 0;
  for (const file of files) {
    const where = relative(ROOT, file);
    documents(await Deno.readTextFile(file), where).forEach((doc, i) => {
      count++;
      const problem = check(doc);
      if (problem) problems.push(`${where} document ${i + 1}: ${problem}`);
    });
  }
  assert.deepEqual(problems, []);
  assert.ok(files.length >= 70 && count >= 90, `${files.length} files, ${count} documents`);
});

Deno.test("every shipped scenario file starts with a yaml-language-server line to the schema", async () => {
  const problems: string[] = [];
  for (const file of await scenarioFiles()) {
    const first = (await Deno.readTextFile(file)).split("\n", 1)[0];
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    if (!match) problems.push(`${relative(ROOT, file)}: first line is ${JSON.stringify(first)}`);
    else if (resolve(dirname(file), match[1]) !== SCHEMA_FILE) {
      problems.push(`${relative(ROOT, file)}: ${match[1]} is not schema/scenario.schema.json`);
    }
  }
  assert.deepEqual(problems, []);
});

/** YAML examples that are not sockspec's: a GitHub Actions workflow, a Kubernetes object. */
function foreign(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && ("jobs" in doc || "apiVersion" in doc);
}

/** Where a list fragment belongs, for READMEs whose YAML examples are lists. */
const LIST_FRAGMENTS: Record<string, string> = { "lib/fault/README.md": "faults" };

Deno.test("every YAML example of the READMEs passes the JSON Schema", async () => {
  const readmes = await walk(ROOT, (path) => path.endsWith("README.md") && !path.includes("/."));
  const problems: string[] = [];
  let count = 0;
  for (const readme of readmes) {
    const where = relative(ROOT, readme);
    const blocks = (await Deno.readTextFile(readme)).matchAll(/```yaml\n([\s\S]*?)```/g);
    for (const [, block] of blocks) {
      for (const doc of documents(block, where)) {
        if (foreign(doc)) continue;
        count++;
        let problem: string | undefined;
        if (Array.isArray(doc)) {
          assert.ok(LIST_FRAGMENTS[where], `${where}: a list example, say where it belongs`);
          problem = check(doc, `/properties/${LIST_FRAGMENTS[where]}`);
        } else if ("name" in (doc as object)) problem = check(doc);
        else {
          for (const [key, value] of Object.entries(doc as object)) {
            problem ??= check(value, `/properties/${key}`);
          }
        }
        if (problem) problems.push(`${where}: ${block.split("\n")[0]}: ${problem}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(count >= 6, `${count} examples`);
});

/** Unescapes the text of a template literal without substitutions. */
function templateText(raw: string): string {
  return raw.replace(
    /\\(.)/g,
    (_, c: string) => ({ n: "\n", t: "\t" } as Record<string, string>)[c] ?? c,
  );
}

Deno.test("every scenario written in the tests that the loader accepts passes the JSON Schema", async () => {
  const tests = await walk(ROOT, (path) => path.endsWith("_test.ts") && !path.includes("/."));
  const problems: string[] = [];
  let accepted = 0;
  for (const file of tests) {
    const source = await Deno.readTextFile(file);
    // Whole template literals, so that one with a substitution does not shift the pairing.
    for (const [, raw] of source.matchAll(/`((?:\\.|\$\{[^}]*\}|[^`\\])*)`/g)) {
      if (raw.includes("${")) continue; // its text is known only when the test runs
      const text = templateText(raw);
      if (!/^name: /m.test(text) || !/^transport: /m.test(text)) continue;
      const docs = parseAllDocuments(text);
      if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) continue;
      for (const doc of docs) {
        if (doc.contents === null) continue;
        try {
          parseScenarios(doc.toString(), "t.yaml");
        } catch (error) {
          if (error instanceof ScenarioFileError) continue; // a test of a loader error
          throw error;
        }
        accepted++;
        const problem = check(doc.toJS());
        if (problem) problems.push(`${relative(ROOT, file)}: ${text.split("\n")[0]}: ${problem}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(accepted >= 25, `${accepted} scenarios found in the tests`);
});

Deno.test("the JSON Schema rejects the invalid corpus where JSON Schema can express the rule", async () => {
  const dir = join(ROOT, "tests/bad_scenarios");
  const files = await walk(dir, (path) => !path.endsWith(".expect"));
  const accepted: string[] = [];
  const notData: string[] = [];
  for (const file of files) {
    const name = relative(dir, file);
    let docs: unknown[];
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(await Deno.readFile(file));
      const parsed = parseAllDocuments(text, { uniqueKeys: true });
      if (!Array.isArray(parsed) || parsed.some((doc) => doc.errors.length > 0)) {
        notData.push(name);
        continue;
      }
      docs = parsed.filter((doc) => doc.contents !== null).map((doc) =>
        doc.toJS({ maxAliasCount: 100 })
      );
    } catch {
      notData.push(name); // not UTF-8, or aliases that cannot be expanded
      continue;
    }
    if (docs.every((doc) => check(doc) === undefined)) accepted.push(name);
  }
  assert.deepEqual(accepted.sort(), Object.keys(NOT_EXPRESSIBLE).sort());
  // Files the YAML parser refuses never reach a schema, in an editor or in sockspec.
  assert.ok(notData.every((name) => !(name in NOT_EXPRESSIBLE)));
  assert.ok(
    files.length - notData.length >= 60,
    `${files.length} files, ${notData.length} not data`,
  );
});
