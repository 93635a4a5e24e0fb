/** A status line on stderr while a report runs. @module */

/** Receives progress. */
export interface ProgressSink {
  /** A case (or one run of it) starts. */
  start(label: string): void;
  /** The current step is this far (0 to 1). */
  update(fraction: number): void;
  /** A line to keep (a result, a warning). */
  note(text: string): void;
  /** The run ended: clear the status line. */
  done(): void;
}

/**
 * Writes a status line to stderr: `[ 3/40 0:42] tcp throughput 1 KiB x1 run 2/3  55%`,
 * redrawn in place on a terminal, one line per step otherwise.
 */
export function createStderrProgress(totalSteps: number): ProgressSink {
  const encoder = new TextEncoder();
  const terminal = Deno.stderr.isTerminal();
  const began = performance.now();
  let step = 0;
  let label = "";
  let lastDraw = 0;
  const write = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
  const prefix = () => {
    const seconds = Math.round((performance.now() - began) / 1000);
    const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    return `[${String(step).padStart(String(totalSteps).length)}/${totalSteps} ${clock}]`;
  };
  return {
    start(text) {
      step++;
      label = text;
      if (terminal) write(`\r\x1b[K${prefix()} ${label}`);
      else write(`${prefix()} ${label}\n`);
    },
    update(fraction) {
      if (!terminal || performance.now() - lastDraw < 100) return;
      lastDraw = performance.now();
      write(`\r\x1b[K${prefix()} ${label} ${String(Math.round(fraction * 100)).padStart(3)}%`);
    },
    note(text) {
      if (terminal) write(`\r\x1b[K${text}\n${prefix()} ${label}`);
      else write(`${text}\n`);
    },
    done() {
      if (terminal) write("\r\x1b[K");
    },
  };
}

/** A sink that shows nothing (tests, `--json` only). */
export const SILENT_PROGRESS: ProgressSink = {
  start() {},
  update() {},
  note() {},
  done() {},
};
