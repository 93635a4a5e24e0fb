/**
 * Test helper run as a child process: drives the reporter named by the first argument through
 * the fixture results, writing to standard output. Used to test terminal and pipe behaviour.
 *
 * @module
 */
import { createReporter, isReporterName } from "./mod.ts";
import { allResults, drive } from "./_fixtures.ts";

if (import.meta.main) {
  const name = Deno.args[0] ?? "pretty";
  if (!isReporterName(name)) throw new Error(`Expected a reporter name, found "${name}"`);
  await drive(createReporter(name, {}), allResults());
}
