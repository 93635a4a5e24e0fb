/**
 * Loads scenario files: YAML or JSON, one or more scenarios a file (YAML documents separated by
 * `---`), validated against the schema, with every error located at file:line:column.
 *
 * @module
 */
import { LineCounter, parseAllDocuments } from "../_deps/yaml.ts";
import { scenarioSchema } from "./schema.ts";
import { explain } from "./_issues.ts";
import { type DocPath, formatPath, locate, sourceText } from "./_locate.ts";
import { ScenarioFileError } from "./errors.ts";
import type { SourceLocation } from "../common/location.ts";
import { normalize } from "./_normalize.ts";
import { checkSemantics } from "./_semantics.ts";
import type { Scenario } from "../model/scenario.ts";

/** Largest scenario file read, in bytes: scenarios are small; a larger file is a mistake. */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;

/**
 * Reads and validates a scenario file.
 *
 * @example Load the scenarios of a file
 * ```ts
 * import { loadScenarioFile } from "@sockspec/sockspec";
 *
 * const scenarios = await loadScenarioFile("scenarios/stream/echo_half_close.yaml");
 * console.log(scenarios.map((s) => `${s.name} on ${s.transports.join(", ")}`));
 * ```
 *
 * @param file Path of a `.yaml`, `.yml` or `.json` file.
 * @returns The scenarios it holds, in order.
 * @throws {ScenarioFileError} When the file cannot be read, is not valid YAML or JSON, or does
 *   not match the schema; the message names file:line:column, the field and what was expected.
 */
export async function loadScenarioFile(file: string): Promise<Scenario[]> {
  let bytes: Uint8Array;
  try {
    const info = await Deno.stat(file);
    if (info.size > MAX_SCENARIO_FILE_BYTES) {
      throw new ScenarioFileError(
        { file, line: 1, column: 1 },
        "",
        `file is ${info.size} bytes: expected a scenario file of at most ${MAX_SCENARIO_FILE_BYTES} bytes`,
      );
    }
    bytes = await Deno.readFile(file);
  } catch (error) {
    if (error instanceof ScenarioFileError) throw error;
    throw new ScenarioFileError({ file, line: 1, column: 1 }, "", (error as Error).message);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new ScenarioFileError(at.location(file), "", "expected UTF-8 text, found binary data");
  }
  return parseScenarios(text, file);
}

function firstInvalidUtf8(bytes: Uint8Array): { location(file: string): SourceLocation } {
  let line = 1;
  let column = 1;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      break;
    }
    if (bytes[i] === 0x0a) [line, column] = [line + 1, 1];
    else column++;
  }
  return { location: (file) => ({ file, line, column }) };
}

/**
 * Parses and validates scenario text.
 *
 * @example Scenarios written as YAML text
 * ```ts
 * import { parseScenarios } from "@sockspec/sockspec";
 *
 * const [scenario] = parseScenarios(
 *   "name: echo\ntransport: tcp\nserver: { builtin: echo }\nclient: [connect: {}]\n",
 *   "inline.yaml",
 * );
 * if (scenario.peers.length !== 2) throw new Error("expected a server and a client");
 * ```
 *
 * @param text YAML (or JSON) text.
 * @param file Name used in locations and to resolve relative paths.
 * @throws {ScenarioFileError} As {@linkcode loadScenarioFile}.
 */
export function parseScenarios(text: string, file: string): Scenario[] {
  const lines = new LineCounter();
  // logLevel "error": a warning (such as a collection used as a key) becomes a located error
  // below, not a line on the process's stderr.
  const documents = parseAllDocuments(text, {
    lineCounter: lines,
    uniqueKeys: true,
    logLevel: "error",
  });
  if (!Array.isArray(documents)) {
    throw new ScenarioFileError({ file, line: 1, column: 1 }, "", "expected YAML documents");
  }
  const scenarios: Scenario[] = [];
  for (const doc of documents) {
    const problem = doc.errors[0];
    if (problem) {
      const pos = problem.linePos?.[0] ?? { line: 1, col: 1 };
      const message = problem.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      throw new ScenarioFileError({ file, line: pos.line, column: pos.col }, "", message);
    }
    if (doc.contents === null) continue;
    const at = (path: DocPath, unknownKey?: string) =>
      locate(doc.contents, path, lines, file, unknownKey);
    const source = (path: DocPath) => sourceText(doc.contents, path, text);
    const raw = toPlain(doc, text, lines, file);
    scenarios.push(validate(raw, { at, source }, file));
  }
  if (scenarios.length === 0) {
    throw new ScenarioFileError(
      { file, line: 1, column: 1 },
      "",
      "file is empty: expected a scenario with name, transport and at least one peer",
    );
  }
  return scenarios;
}

/**
 * Validates a scenario written as an object, as a scenario file would hold it (for a scenario
 * built in code, such as inside a `Deno.test`). Errors name the field and what was expected;
 * their location is `file:1:1`, since an object has no lines.
 *
 * @example A scenario object, validated and run
 * ```ts
 * import { parseScenarioObject, runScenario } from "@sockspec/sockspec";
 *
 * const scenario = parseScenarioObject({
 *   name: "upper answers in capitals",
 *   transport: "tcp",
 *   server: { builtin: "upper" },
 *   client: [{ connect: {} }, { send: "abc" }, { receive: "ABC" }],
 * });
 * const result = await runScenario(scenario, "tcp", { seed: 1 });
 * if (result.status !== "passed") throw new Error(result.failure?.message);
 * ```
 *
 * @param document The scenario: `name`, `transport`, peers, `check`, ... as in a file.
 * @param file Name used in messages, reports and rerun commands, and the base of relative paths
 *   (payload `file:`, command `cwd`): pass `import.meta.filename` to resolve them beside your
 *   module. @default {"scenario object"} (relative paths resolve against the current folder)
 * @returns The validated scenario, ready for `planRuns`, `runSuite` or `runScenario`.
 * @throws {ScenarioFileError} When the object does not match the schema or breaks a rule of
 *   scenario files (such as a step kind the transport lacks).
 */
export function parseScenarioObject(
  document: Record<string, unknown>,
  file = "scenario object",
): Scenario {
  const at = (): SourceLocation => ({ file, line: 1, column: 1 });
  const source = (path: DocPath) => {
    let value: unknown = document;
    for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
    const text = JSON.stringify(value) ?? "";
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  };
  return validate(document, { at, source }, file);
}

/**
 * The document as plain data. Aliases are where this can fail (an alias whose anchor is not set,
 * or so many that expanding them would explode, as in a "billion laughs" file): the error points
 * at the first alias.
 */
function toPlain(
  doc: ReturnType<typeof parseAllDocuments>[number],
  text: string,
  lines: LineCounter,
  file: string,
): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const alias = /(?<![\w&*])\*[^\s,\[\]{}]+/.exec(text);
    const pos = lines.linePos(alias?.index ?? 0);
    const problem = error.message.startsWith("Excessive alias count")
      ? "expected at most 100 alias expansions: this file expands aliases without bound"
      : `expected an alias to a defined anchor: ${error.message.split("\n")[0]}`;
    throw new ScenarioFileError({ file, line: pos.line, column: pos.col }, "", problem);
  }
}

/** Finds where paths of the document being validated are written. */
interface Locators {
  at(path: DocPath, unknownKey?: string): SourceLocation;
  source(path: DocPath): string;
}

function validate(raw: unknown, { at, source }: Locators, file: string): Scenario {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ScenarioFileError(
      at([]),
      "",
      "expected a scenario: a map with name, transport and peers",
    );
  }
  const shaped = liftStepLists(raw as Record<string, unknown>);
  const result = scenarioSchema.safeParse(shaped.value);
  if (!result.success) {
    const problem = explain(result.error.issues[0], shaped.value);
    const docPath = shaped.toDocPath(problem.path);
    throw new ScenarioFileError(
      at(docPath, problem.unknownKey),
      formatPath(docPath),
      problem.message,
    );
  }
  const scenario = normalize(result.data, {
    file,
    at: (path) => at(shaped.toDocPath(path)),
    source: (path) => source(shaped.toDocPath(path)),
  });
  checkSemantics(scenario, (path) => at(shaped.toDocPath(path)));
  return scenario;
}

/**
 * Accepts a peer written as a bare list of steps (`client: [ ... ]`) by lifting it into
 * `{ steps: [...] }`, and maps paths of the lifted value back to the file.
 */
function liftStepLists(raw: Record<string, unknown>) {
  const lifted = new Set<string>();
  const value: Record<string, unknown> = { ...raw };
  const lift = (holder: Record<string, unknown>, key: string, prefix: string) => {
    if (Array.isArray(holder[key])) {
      holder[key] = { steps: holder[key] };
      lifted.add(`${prefix}${key}`);
    }
  };
  lift(value, "server", "");
  lift(value, "client", "");
  if (value.peers && typeof value.peers === "object" && !Array.isArray(value.peers)) {
    const peers = { ...(value.peers as Record<string, unknown>) };
    for (const name of Object.keys(peers)) lift(peers, name, "peers.");
    value.peers = peers;
  }
  const toDocPath = (path: readonly PropertyKey[]): PropertyKey[] => {
    const peerKey = path[0] === "peers" ? `peers.${String(path[1])}` : String(path[0]);
    const depth = path[0] === "peers" ? 2 : 1;
    if (lifted.has(peerKey) && path[depth] === "steps") {
      return [...path.slice(0, depth), ...path.slice(depth + 1)];
    }
    return [...path];
  };
  return { value, toDocPath };
}
