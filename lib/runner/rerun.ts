/** The command that reruns one scenario alone. @module */
import type { Scenario } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import { quote } from "../_deps/shell_quote.ts";

function shellQuote(text: string): string {
  return quote([text]);
}

/**
 * `deno task scenarios FILE --name NAME --transport T --seed S [EXTRA...]`, quoted for a POSIX
 * shell.
 */
export function rerunCommand(
  scenario: Scenario,
  transport: Transport,
  seed: number,
  extra: string[] = [],
): string {
  return [
    "deno task scenarios",
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
