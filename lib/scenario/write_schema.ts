/**
 * Writes the JSON Schema of scenario files to `schema/scenario.schema.json`, for editors
 * (`deno task schema`). A test checks that the committed file is current.
 *
 * @module
 */
import { z } from "../_deps/zod.ts";
import { scenarioSchema } from "./schema.ts";

/** Path of the schema file, relative to the project root. */
export const SCHEMA_PATH = "schema/scenario.schema.json";

/** The JSON Schema of scenario files, as text. */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ title: "sockspec scenario", ...schema }, null, 2)}\n`;
}

if (import.meta.main) {
  await Deno.mkdir("schema", { recursive: true });
  await Deno.writeTextFile(SCHEMA_PATH, scenarioJsonSchema());
  console.log(`wrote ${SCHEMA_PATH}`);
}
