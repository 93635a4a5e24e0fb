/**
 * How the user started sockspec, for the rerun line of a failed scenario: `deno task scenarios`
 * in a folder whose Deno config has that task (sockspec's own clone, or a project that added
 * it), `sockspec` (the installed command) elsewhere.
 *
 * @module
 */
import { parse } from "../_deps/jsonc_parser.ts";

const CONFIG_FILES = ["deno.json", "deno.jsonc"];

/**
 * The command that starts sockspec from `dir`: `deno task scenarios` when `dir` holds a
 * deno.json or deno.jsonc with a `scenarios` task, else `sockspec`.
 */
export async function rerunProgram(dir: string): Promise<string> {
  for (const name of CONFIG_FILES) {
    let text: string;
    try {
      text = await Deno.readTextFile(`${dir}/${name}`);
    } catch {
      continue;
    }
    const config = parse(text, [], { allowTrailingComma: true });
    if (typeof config?.tasks?.scenarios === "string" || config?.tasks?.scenarios?.command) {
      return "deno task scenarios";
    }
    return "sockspec";
  }
  return "sockspec";
}
