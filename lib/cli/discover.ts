/** Finds scenario files under paths. @module */
import { join } from "node:path";

const SCENARIO_FILE = /\.(ya?ml|json)$/;

/** Thrown when a path given on the command line does not exist. */
export class PathNotFound extends Error {
  override name = "PathNotFound";
}

async function walk(dir: string, found: string[]): Promise<void> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // A symlink counts as what it points to (a dangling one is a file the loader will refuse).
    const info = entry.isSymlink ? await Deno.stat(path).catch(() => entry) : entry;
    if (info.isDirectory && !entry.name.startsWith(".")) await walk(path, found);
    else if (!info.isDirectory && SCENARIO_FILE.test(entry.name)) found.push(path);
  }
}

/**
 * Lists scenario files (`.yaml`, `.yml`, `.json`) under each path: a file as given, a folder
 * walked recursively in name order (hidden folders skipped).
 *
 * @throws {PathNotFound} When a path does not exist.
 */
export async function discoverScenarioFiles(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      throw new PathNotFound(`${path}: no such file or folder`);
    }
    if (info.isDirectory) await walk(path, found);
    else found.push(path);
  }
  return [...new Set(found)];
}
