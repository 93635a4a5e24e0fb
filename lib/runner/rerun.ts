/** The command that reruns one scenario alone. @module */
import type { Scenario } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import { quote } from "../_deps/shell_quote.ts";

function shellQuote(text: string): string {
  return quote([text]);
}

/**
 * `PROGRAM FILE --name NAME --transport T --seed S [EXTRA...]`, quoted for a POSIX shell.
 *
 * @param program How sockspec is started: `sockspec` (the installed command) or
 *   `deno task scenarios`.
 */
export function rerunCommand(
  scenario: Scenario,
  transport: Transport,
  seed: number,
  extra: string[] = [],
  program = "sockspec",
): string {
  return [
    program,
    shellQuote(scenario.file),
    "--name",
    shellQuote(scenario.name),
    "--transport",
    transport,
    "--seed",
    String(seed),
    ...extra.map(shellQuote),
  ].join(" ");
}
