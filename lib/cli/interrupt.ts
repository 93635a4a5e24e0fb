/**
 * Signals that stop a run: SIGINT (Ctrl-C), SIGTERM (a CI runner cancelling the job) and
 * SIGHUP (the terminal went away). The first one stops the run cleanly; a second one exits at
 * once, except in a child sockspec started: there its parent decides, and the child always
 * finishes cleaning up.
 *
 * @module
 */
import { hasWatchedParent, watchParent } from "../runner/parent_watch.ts";

/** The signals a run stops on, with the exit code for each (128 + the signal's number). */
export const STOP_SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** Name of a signal a run stops on. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/** Watches for stop signals while a run goes on. Dispose of it when the run is over. */
export interface InterruptWatch extends Disposable {
  /** Aborted at the first signal, with the signal's name (`SIGINT`) as its reason. */
  readonly signal: AbortSignal;
  /** The exit code for the signal received (130 for SIGINT), if one was. */
  exitCode(): number | undefined;
  /** Whether the sockspec process that started this one is gone (its lifeline closed). */
  parentGone(): boolean;
}

/**
 * Starts listening for SIGINT, SIGTERM and SIGHUP. At the first, `signal` aborts and `say` is
 * told what happens; at a second, the process exits at once with the code of that signal
 * (command peers then die with it through their supervisors, see `startCommand`). In a child
 * that sockspec started with a lifeline on standard input (`SOCKSPEC_PARENT`), the end of that
 * input counts as SIGHUP: the parent is gone.
 */
export function watchInterrupts(say: (text: string) => void): InterruptWatch {
  const controller = new AbortController();
  const child = hasWatchedParent();
  let received: StopSignal | undefined;
  let parentGone = false;
  const listeners = new Map<StopSignal, () => void>();
  const stop = (name: StopSignal) => {
    if (received !== undefined) {
      // A child gets the terminal's Ctrl-C and its parent's SIGTERM for one interruption.
      if (child) return;
      Deno.exit(STOP_SIGNALS[name]);
    }
    received = name;
    say(
      `\n${name}: stopping the runs, cleaning up and writing the reports ` +
        "(a second Ctrl-C exits at once)\n",
    );
    controller.abort(name);
  };
  for (const name of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    const listener = () => stop(name);
    try {
      Deno.addSignalListener(name, listener);
      listeners.set(name, listener);
    } catch {
      // A platform without this signal (Windows has only SIGINT and SIGBREAK).
    }
  }
  if (child) {
    watchParent(() => {
      parentGone = true;
      stop("SIGHUP");
    });
  }
  return {
    signal: controller.signal,
    exitCode: () => received === undefined ? undefined : STOP_SIGNALS[received],
    parentGone: () => parentGone,
    [Symbol.dispose]() {
      for (const [name, listener] of listeners) Deno.removeSignalListener(name, listener);
      listeners.clear();
    },
  };
}
