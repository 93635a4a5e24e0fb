/** Keeps the tail of a process's output and watches it for a line. @internal @module */

/** Bytes of each stream kept for the report. */
export const OUTPUT_TAIL_CHARS = 8 * 1024;

/** What a watched line is tested with (a RegExp, or a pattern from compileRegex). */
export interface LinePattern {
  test(line: string): boolean;
}

/** The last characters of a stream, with a way to wait for a line that matches. */
export class OutputTail {
  #text = "";
  #line = "";
  #watchers: { pattern: LinePattern; resolve: (line: string) => void }[] = [];

  /** Appends decoded text. */
  push(text: string): void {
    this.#text = (this.#text + text).slice(-OUTPUT_TAIL_CHARS);
    const lines = (this.#line + text).split("\n");
    // A program that never prints a newline must not grow the line without bound.
    this.#line = (lines.pop() ?? "").slice(-OUTPUT_TAIL_CHARS);
    for (const line of lines) this.#check(line);
  }

  #check(line: string): void {
    this.#watchers = this.#watchers.filter((watcher) => {
      if (!watcher.pattern.test(line)) return true;
      watcher.resolve(line);
      return false;
    });
  }

  /** Resolves with the first line (from now on) that matches `pattern`. */
  waitFor(pattern: LinePattern): Promise<string> {
    return new Promise((resolve) => this.#watchers.push({ pattern, resolve }));
  }

  /** The kept text. */
  get text(): string {
    return this.#text;
  }
}

/** Reads a process stream into a tail until it ends. */
export async function drain(stream: ReadableStream<Uint8Array>, tail: OutputTail): Promise<void> {
  const decoder = new TextDecoder();
  try {
    for await (const chunk of stream) tail.push(decoder.decode(chunk, { stream: true }));
  } catch {
    // The process was killed mid-write: what arrived is kept.
  }
}
