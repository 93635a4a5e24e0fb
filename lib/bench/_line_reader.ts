/** Lines out of a byte stream, one at a time. @module */
import { withTimeout } from "./_timeout.ts";

/** Reads `\n`-terminated lines from a stream of bytes, keeping every line it saw. */
export class LineReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #decoder = new TextDecoder();
  #pending = "";
  #lines: string[] = [];
  #ended = false;
  /** Every line read so far, for diagnostics (at most the last 200). */
  readonly seen: string[] = [];

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** The next line without its newline, or null at the end of the stream. */
  async next(): Promise<string | null> {
    while (this.#lines.length === 0) {
      if (this.#ended) {
        if (this.#pending === "") return null;
        const last = this.#pending;
        this.#pending = "";
        return last;
      }
      const { value, done } = await this.#reader.read();
      if (done) {
        this.#ended = true;
        continue;
      }
      this.#pending += this.#decoder.decode(value, { stream: true });
      const parts = this.#pending.split("\n");
      this.#pending = parts.pop()!;
      for (const line of parts) {
        this.#lines.push(line);
        this.seen.push(line);
        if (this.seen.length > 200) this.seen.shift();
      }
    }
    return this.#lines.shift()!;
  }

  /**
   * Reads lines until one satisfies `matches`, and returns it.
   *
   * @throws {BenchTimeoutError} after `timeoutMs`.
   * @throws {Error} if the stream ends first.
   */
  async waitFor(
    matches: (line: string) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<string> {
    return await withTimeout(
      (async () => {
        while (true) {
          const line = await this.next();
          if (line === null) throw new Error(`Expected ${what}, the output ended first`);
          if (matches(line)) return line;
        }
      })(),
      timeoutMs,
      what,
    );
  }

  /** Reads the rest of the stream, keeping its lines in {@linkcode seen}. */
  async drain(): Promise<void> {
    while ((await this.next()) !== null) { /* keep reading */ }
  }

  /** Stops reading; the stream is cancelled. */
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}
