/** File URL helpers for tests, without @std/path (JSR is not reachable). @module */
import { fileURLToPath, pathToFileURL } from "node:url";

/** The path of a `file:` URL. */
export function fromFileUrl(url: URL | string): string {
  return fileURLToPath(url);
}

/** The `file:` URL of an absolute path. */
export function toFileUrl(path: string): URL {
  return pathToFileURL(path);
}
