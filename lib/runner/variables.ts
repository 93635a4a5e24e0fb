/** Variables of a run: server addresses, captures, the seed, the scenario's `vars`. @module */

/** Options of {@linkcode Variables.expand}. */
export interface ExpandOptions {
  /**
   * Applied to each value put in place of a `{name}`, such as shell quoting for a command line.
   * Text written around the names is kept as it is.
   *
   * @default {undefined}
   */
  quote?: (value: string) => string;
}

/** Thrown when a `{name}` in a step names no variable. */
export class UnknownVariable extends Error {
  override name = "UnknownVariable";
}

/**
 * Scenario-wide variables. A peer's own captures are also visible under `peer.name`.
 */
export class Variables {
  readonly #values = new Map<string, string>();

  /** Sets a variable. */
  set(name: string, value: string | number): void {
    this.#values.set(name, String(value));
  }

  /** Reads a variable, or undefined. */
  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /**
   * Replaces every `{name}` whose name is set. `{{` stands for a literal `{`. Text in braces that
   * names no variable and has no dot is left as written (JSON payloads keep their braces).
   *
   * @param local Variables that take precedence, such as one peer instance's captures.
   * @throws {UnknownVariable} When a dotted name such as `{server.port}` is not set.
   */
  expand(text: string, local?: Variables, options: ExpandOptions = {}): string {
    return text.replace(/\{\{|\{([A-Za-z_][\w.]*)\}/g, (whole, name: string | undefined) => {
      if (name === undefined) return "{";
      const value = local?.get(name) ?? this.get(name);
      if (value !== undefined) return options.quote ? options.quote(value) : value;
      if (name.includes(".")) {
        throw new UnknownVariable(
          `{${name}} is not set: known variables are ${[...this.names(local)].join(", ")}`,
        );
      }
      return whole;
    });
  }

  /** Names of all variables, the local ones included. */
  names(local?: Variables): Set<string> {
    return new Set([...this.#values.keys(), ...(local ? local.#values.keys() : [])]);
  }
}
