/**
 * The module graph has no cycles and no import runs up the layers.
 *
 * Walks the graph that `deno info --json` reports for every module under `lib/` (code and type
 * imports alike) and fails on:
 * - an import from a folder to a folder listed above it in {@linkcode LAYERS}, or to another
 *   folder of the same layer (tests excepted: a test may build its input with a higher layer);
 * - a cycle between files (a strongly connected component of more than one file, or a file that
 *   imports itself).
 *
 * Run by `deno task check`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fromFileUrl, toFileUrl } from "./_paths.ts";

/**
 * Folders of `lib/`, highest first. A module may import its own folder and folders of lower
 * layers only. Folders on one line are peers: neither imports the other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["cli"],
  ["scenario"],
  ["runner"],
  ["bench"],
  ["model"],
  ["check", "fault"],
  ["report"],
  ["pattern"],
  ["record", "transport"],
  ["common"],
  // The npm dependencies of the library, re-exported by full npm: specifier: they import nothing
  // of lib/, so that sockspec imported by path from a project without its deno.json resolves them.
  ["_deps"],
];

const ROOT = new URL("../", import.meta.url);
const LIB = new URL("lib/", ROOT);

async function libModules(): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: URL): Promise<void> {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) await walk(new URL(`${entry.name}/`, dir));
      else if (entry.name.endsWith(".ts")) found.push(new URL(entry.name, dir).href);
    }
  }
  await walk(LIB);
  return found.sort();
}

/** Module specifier -> specifiers of the `lib/` modules it imports (code or type). */
async function importGraph(): Promise<Map<string, Set<string>>> {
  const dir = await Deno.makeTempDir({ prefix: "sockspec_graph_" });
  try {
    const entry = `${dir}/entry.ts`;
    const modules = await libModules();
    await Deno.writeTextFile(entry, modules.map((m) => `import type {} from "${m}";\n`).join(""));
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", `--config=${fromFileUrl(new URL("deno.json", ROOT))}`, entry],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
    const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
      modules: {
        specifier: string;
        dependencies?: { code?: { specifier: string }; type?: { specifier: string } }[];
      }[];
    };
    const entryUrl = toFileUrl(entry).href;
    const graph = new Map<string, Set<string>>();
    for (const module of info.modules) {
      if (!module.specifier.startsWith(LIB.href) || module.specifier === entryUrl) continue;
      const targets = new Set<string>();
      for (const dependency of module.dependencies ?? []) {
        for (const target of [dependency.code?.specifier, dependency.type?.specifier]) {
          if (target?.startsWith(LIB.href)) targets.add(target);
        }
      }
      graph.set(module.specifier, targets);
    }
    return graph;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const graph = await importGraph();
const short = (specifier: string) => specifier.slice(LIB.href.length);
const folderOf = (specifier: string) => short(specifier).split("/")[0];
/** Tests, and helpers only tests import: they may build input with a higher layer. */
const isTest = (specifier: string) => /_test(_helpers)?\.ts$/.test(specifier);
const layerOf = (folder: string) => LAYERS.findIndex((layer) => layer.includes(folder));

Deno.test("every folder of lib/ has a layer", () => {
  const folders = new Set([...graph.keys()].map(folderOf));
  assert.deepEqual([...folders].filter((f) => layerOf(f) < 0), []);
});

Deno.test("no import runs up the layers or across folders of one layer", () => {
  const wrong: string[] = [];
  for (const [from, targets] of graph) {
    if (isTest(from)) continue;
    for (const to of targets) {
      const a = folderOf(from), b = folderOf(to);
      if (a !== b && layerOf(b) <= layerOf(a)) wrong.push(`${short(from)} -> ${short(to)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

/** Strongly connected components (Tarjan), each with more than one module or a self import. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || edges.get(node)?.has(node)) found.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

Deno.test("no cycle between files, type-only imports included", () => {
  assert.deepEqual(cycles(graph).map((c) => c.map(short)), []);
});

Deno.test("no cycle between folders", () => {
  const folders = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    // A test may build its input with a higher layer (the loader, say): only code counts here.
    if (isTest(from)) continue;
    const set = folders.get(folderOf(from)) ?? new Set<string>();
    for (const to of targets) if (folderOf(to) !== folderOf(from)) set.add(folderOf(to));
    folders.set(folderOf(from), set);
  }
  assert.deepEqual(cycles(folders), []);
});
