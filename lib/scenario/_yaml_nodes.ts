/**
 * Limits on the YAML tree of a scenario file, checked before it becomes data: tags outside the
 * YAML 1.2 core schema are refused (a `!!js/function` or `!foo` must not pass as a string), and so
 * is nesting deeper than {@linkcode MAX_NESTING_LEVELS}. The walk keeps its own stack, so a deep
 * file cannot overflow the engine's.
 *
 * @module
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
} from "../_deps/yaml.ts";
import { ScenarioFileError } from "./errors.ts";

/** Lists and maps nested deeper than this are refused: no scenario field needs more. */
export const MAX_NESTING_LEVELS = 64;

const CORE_PREFIX = "tag:yaml.org,2002:";
/** The tags of the YAML 1.2 core schema, the only ones a scenario file may name. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"]);

/** The message for nesting past {@linkcode MAX_NESTING_LEVELS}. */
export const TOO_DEEP = `nesting deeper than ${MAX_NESTING_LEVELS} levels: ` +
  `expected lists and maps nested at most ${MAX_NESTING_LEVELS} deep`;

/** How a tag is written in a file: `!!name` for the standard prefix. */
function written(tag: string): string {
  return tag.startsWith(CORE_PREFIX) ? `!!${tag.slice(CORE_PREFIX.length)}` : tag;
}

/**
 * Checks the tags and the nesting depth of a parsed document.
 *
 * @throws {ScenarioFileError} At the first node with a tag outside the core schema, or nested
 *   deeper than {@linkcode MAX_NESTING_LEVELS} levels.
 */
export function checkYamlNodes(
  contents: Node | null,
  source: { text: string; lines: LineCounter; file: string },
): void {
  const { text, lines, file } = source;
  const fail = (offset: number, problem: string): never => {
    const pos = lines.linePos(offset);
    throw new ScenarioFileError({ file, line: pos.line, column: pos.col }, "", problem);
  };
  const stack: [Node, number][] = contents ? [[contents, 0]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node.tag && !CORE_TAGS.has(node.tag.slice(CORE_PREFIX.length))) {
      fail(
        tagOffset(text, node.range?.[0] ?? 0),
        `unknown YAML tag ${written(node.tag)}: expected no tag or a core one ` +
          `(${[...CORE_TAGS].map((t) => `!!${t}`).join(", ")})`,
      );
    }
    if (isScalar(node) || isAlias(node)) continue;
    if (depth > MAX_NESTING_LEVELS) fail(node.range?.[0] ?? 0, TOO_DEEP);
    if (isSeq(node)) {
      for (const item of node.items) if (item) stack.push([item as Node, depth + 1]);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (pair.key) stack.push([pair.key as Node, depth + 1]);
        if (pair.value) stack.push([pair.value as Node, depth + 1]);
      }
    }
  }
}

/** Where the tag of the node written at `start` begins: before it on its line, else `start`. */
function tagOffset(text: string, start: number): number {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  let at = text.lastIndexOf("!", start);
  if (at < lineStart) return start;
  while (at > lineStart && text[at - 1] === "!") at--;
  return at;
}

/**
 * Where the flow nesting (`[` and `{`) of `text` first goes past {@linkcode MAX_NESTING_LEVELS}, as
 * an offset, for a file too deep for the parser itself. Quoted text and comments are skipped.
 */
export function firstTooDeep(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "[" || c === "{") {
      if (++depth > MAX_NESTING_LEVELS) return i;
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return undefined;
}
