/**
 * Where a reporter's text goes: standard output, a caller's function, or a file written at the
 * end of the run.
 *
 * @module
 */
import { dirname } from "node:path";
import { PARTIAL_SUFFIX, type ReporterOptions } from "./reporter.ts";

/** A destination for report text. */
export interface Sink {
  /** True when text goes to the process's standard output. */
  readonly stdout: boolean;
  /** True when text goes to standard output and standard output is a terminal. */
  readonly terminal: boolean;
  /** True when text reaches its destination at once (not buffered for a file). */
  readonly streaming: boolean;
  /** Sends text (buffered when the sink is a file). */
  write(text: string): void;
  /**
   * Writes the buffered text to the file, creating parent folders; no-op for other sinks. The
   * text goes to a temporary file beside it that is then renamed, so a reader sees the old file
   * or the whole new one, never half of it.
   */
  flush(): Promise<void>;
}

/**
 * Makes the sink that `options` describe: a file when `output` is set, else `write`, else
 * standard output.
 */
export function createSink(options: ReporterOptions): Sink {
  if (options.output !== undefined) return fileSink(options.output);
  if (options.write !== undefined) return functionSink(options.write);
  return stdoutSink();
}

/** Whether colours are on for a sink, given the `color` option (see {@linkcode ReporterOptions}). */
export function useColor(sink: Sink, color: boolean | undefined): boolean {
  if (color !== undefined) return color;
  return sink.terminal && !Deno.noColor;
}

function fileSink(path: string): Sink {
  const parts: string[] = [];
  return {
    stdout: false,
    terminal: false,
    streaming: false,
    write(text) {
      parts.push(text);
    },
    async flush() {
      // Make the folder only when it is missing: a run whose write permission is narrowed to the
      // report file (see lib/cli/access.ts) may not touch an existing folder.
      const folder = dirname(path);
      const exists = await Deno.stat(folder).then((info) => info.isDirectory, () => false);
      if (!exists) await Deno.mkdir(folder, { recursive: true });
      const partial = `${path}${PARTIAL_SUFFIX}`;
      try {
        await Deno.writeTextFile(partial, parts.join(""));
        await Deno.rename(partial, path);
      } catch (error) {
        await Deno.remove(partial).catch(() => {});
        throw error;
      }
    },
  };
}

function functionSink(write: (text: string) => void): Sink {
  return {
    stdout: false,
    terminal: false,
    streaming: true,
    write,
    flush: () => Promise.resolve(),
  };
}

function stdoutSink(): Sink {
  const encoder = new TextEncoder();
  let closed = false;
  return {
    stdout: true,
    terminal: Deno.stdout.isTerminal(),
    streaming: true,
    write(text) {
      if (closed) return;
      try {
        writeAllSync(Deno.stdout, encoder.encode(text));
      } catch (error) {
        // The reader went away (`sockspec … | head`): the run goes on, its report is not read.
        if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
        closed = true;
      }
    },
    flush: () => Promise.resolve(),
  };
}

/** `writeSync` may write part of a buffer: loop until all of it is written. */
function writeAllSync(target: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += target.writeSync(bytes.subarray(done));
}
