/** Finds where a path of keys and indexes is written in a YAML document. @internal @module */
import {
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
} from "../_deps/yaml.ts";
import type { SourceLocation } from "../common/location.ts";

/** A path into a document: map keys and sequence indexes. */
export type DocPath = readonly PropertyKey[];

/** A map key as the parsed data names it: collection keys are stringified as YAML flow text. */
function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : new Document(pair.key).toString().trim();
}

function child(node: unknown, key: PropertyKey): { value?: Node; keyNode?: Node } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && String(keyOf(item)) === String(key));
    if (!pair) return undefined;
    return { value: (pair.value ?? undefined) as Node | undefined, keyNode: pair.key as Node };
  }
  if (isSeq(node) && typeof key === "number") {
    const item = node.items[key];
    return item ? { value: item as Node } : undefined;
  }
  return undefined;
}

/**
 * Returns the deepest node on `path` that exists, or the key of an unknown key when `key` names
 * it, as a 1-based file location.
 */
export function locate(
  root: unknown,
  path: DocPath,
  lines: LineCounter,
  file: string,
  unknownKey?: string,
): SourceLocation {
  let node = root as Node | undefined;
  for (const key of path) {
    const next = child(node, key);
    if (!next?.value) {
      if (next?.keyNode) node = next.keyNode;
      break;
    }
    node = next.value;
  }
  if (unknownKey !== undefined) {
    const named = child(node, unknownKey);
    if (named?.keyNode) node = named.keyNode;
  }
  const offset = node?.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return { file, line: pos.line, column: pos.col };
}

/** Formats a path as `client.steps[2].send`. */
export function formatPath(path: DocPath): string {
  let text = "";
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : text ? `.${String(key)}` : String(key);
  }
  return text;
}

/** Returns the text of the node at `path`, on one line, at most `maxChars` long. */
export function sourceText(
  root: unknown,
  path: DocPath,
  text: string,
  maxChars = 120,
): string {
  let node = root as Node | undefined;
  for (const key of path) {
    const next = child(node, key);
    if (!next?.value) return "";
    node = next.value;
  }
  const range = node?.range;
  if (!range) return "";
  const one = text.slice(range[0], range[1]).replace(/\s*\n\s*-?\s*/g, " ").trim();
  return one.length > maxChars ? `${one.slice(0, maxChars - 1)}…` : one;
}
