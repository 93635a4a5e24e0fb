/** Reads a file of testdata/ (real tool output captured on the dev machine). @module */

/** The text of `testdata/<name>`. */
export function readTestdata(name: string): Promise<string> {
  return Deno.readTextFile(new URL(`./testdata/${name}`, import.meta.url));
}
