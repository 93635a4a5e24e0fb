/** Finds scenario files under paths. @module */
import { join, relative } from "node:path";

const SCENARIO_FILE = /\.(ya?ml|json)$/;

/** The paths on the command line cannot be walked: the command line is wrong (exit 2). */
export class DiscoveryError extends Error {
  override name = "DiscoveryError";
}

/** Thrown when a path given on the command line does not exist. */
export class PathNotFound extends DiscoveryError {
  override name = "PathNotFound";
}

/** Thrown when a symbolic link leads back to a folder it is in: the walk would never end. */
export class SymlinkLoop extends DiscoveryError {
  override name = "SymlinkLoop";
}

/**
 * Walks `dir`. `ancestors` holds the real paths of the folders from the root down to `dir`, so
 * that a link back up is a loop; `seen` holds every folder walked, so that a folder reached by
 * two links is walked once.
 */
async function walk(
  dir: string,
  found: string[],
  ancestors: string[],
  seen: Set<string>,
): Promise<void> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // A symlink counts as what it points to (a dangling one is a file the loader will refuse).
    const info = entry.isSymlink ? await Deno.stat(path).catch(() => entry) : entry;
    if (info.isDirectory && !entry.name.startsWith(".")) {
      const real = await Deno.realPath(path);
      if (ancestors.includes(real)) {
        throw new SymlinkLoop(
          `${path}: a symbolic link back to ${
            relative(Deno.cwd(), real) || "."
          }, a folder it is in: the walk would never end (remove the link, or name the folders)`,
        );
      }
      if (seen.has(real)) continue;
      seen.add(real);
      await walk(path, found, [...ancestors, real], seen);
    } else if (!info.isDirectory && SCENARIO_FILE.test(entry.name)) found.push(path);
  }
}

/**
 * Lists scenario files (`.yaml`, `.yml`, `.json`) under each path: a file as given, a folder
 * walked recursively in name order (hidden folders skipped, a folder reached by several links
 * walked once).
 *
 * @throws {PathNotFound} When a path does not exist.
 * @throws {SymlinkLoop} When a symbolic link under a folder leads back to a folder above it.
 */
export async function discoverScenarioFiles(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      throw new PathNotFound(`${path}: no such file or folder`);
    }
    if (info.isDirectory) {
      const real = await Deno.realPath(path);
      if (seen.has(real)) continue;
      seen.add(real);
      await walk(path, found, [real], seen);
    } else found.push(path);
  }
  return [...new Set(found)];
}
