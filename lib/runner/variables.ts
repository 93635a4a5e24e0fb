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

const VARIABLE = /\{\{|\{([A-Za-z_][\w.]*)\}/g;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Scenario-wide variables. A peer's own captures are also visible under `peer.name`. A value is
 * text, or bytes (a capture of received bytes): bytes go into payloads unchanged
 * ({@linkcode Variables.expandBytes}) and are decoded as UTF-8 only where text is wanted.
 */
export class Variables {
  readonly #values = new Map<string, string | Uint8Array>();

  /** Sets a variable: text, a number (kept as its text) or bytes. */
  set(name: string, value: string | number | Uint8Array): void {
    this.#values.set(name, value instanceof Uint8Array ? value : String(value));
  }

  /** Reads a variable as text (bytes decoded as UTF-8), or undefined. */
  get(name: string): string | undefined {
    const value = this.#values.get(name);
    return value instanceof Uint8Array ? decoder.decode(value) : value;
  }

  /**
   * Like {@linkcode Variables.expand}, for a payload: the text is UTF-8 and byte values are put
   * in as they are, so that captured bytes >= 0x80 are sent back unchanged.
   *
   * @throws {UnknownVariable} As {@linkcode Variables.expand}.
   */
  expandBytes(text: string, local?: Variables): Uint8Array {
    const parts: Uint8Array[] = [];
    let last = 0;
    for (const found of text.matchAll(VARIABLE)) {
      const value = found[1] === undefined
        ? undefined
        : (local ? local.#values.get(found[1]) : undefined) ?? this.#values.get(found[1]);
      if (!(value instanceof Uint8Array)) continue;
      parts.push(encoder.encode(this.expand(text.slice(last, found.index), local)), value);
      last = found.index + found[0].length;
    }
    parts.push(encoder.encode(this.expand(text.slice(last), local)));
    const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return bytes;
  }

  /**
   * Replaces every `{name}` whose name is set. `{{` stands for a literal `{`. Text in braces that
   * names no variable and has no dot is left as written (JSON payloads keep their braces).
   *
   * @param local Variables that take precedence, such as one peer instance's captures.
   * @throws {UnknownVariable} When a dotted name such as `{server.port}` is not set.
   */
  expand(text: string, local?: Variables, options: ExpandOptions = {}): string {
    return text.replace(VARIABLE, (whole, name: string | undefined) => {
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
