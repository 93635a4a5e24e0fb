/** Builds checks that count one kind of anomaly in streams and datagrams. @internal @module */
import type { DatagramCheckSummary, StreamCheckSummary } from "../record/event.ts";
import type { CheckVerdict } from "../common/verdict.ts";
import {
  type CheckInput,
  type CountedCheck,
  formatLimit,
  type Limit,
  nothingToCheck,
  within,
} from "./_types.ts";

/** How one check reads the two kinds of summaries. */
export interface Counted {
  /** The check's name in `check:` lists. */
  name: string;
  /** The key that sets its limit (`max_loss: 3` or `"1%"`); without one it allows no anomaly. */
  limit?: string;
  /** The key that sets its lower limit (`min_loss: 1`), for scenarios about a fault. */
  minimum?: string;
  /** Anomalous bytes of a stream, and a phrase for them ("lost"). */
  streamBytes(summary: StreamCheckSummary): number;
  /**
   * What the stream count is out of: the bytes sent (for what is missing) or received (for what
   * arrived wrong, which can exceed what was sent). @default {"sent"}
   */
  streamOutOf?: "sent" | "received";
  /** More to say about a stream, such as bytes not read. */
  streamNote?(summary: StreamCheckSummary): string | undefined;
  /** The phrase for a stream's anomalous bytes, when it depends on the summary. @default word */
  streamWord?(summary: StreamCheckSummary): string;
  /**
   * Anomalous datagrams, with example sequence numbers, out of `total` (default: sent); or the
   * whole phrase, when the property says it itself.
   */
  datagrams(
    summary: DatagramCheckSummary,
  ): { count: number; seqs: number[]; total?: number; of?: string; text?: string };
  word: string;
}

function streamVerdicts(input: CheckInput, spec: Counted, limit: Limit): CheckVerdict[] {
  return input.streams.map(({ where, summary }) => {
    const bad = spec.streamBytes(summary);
    const received = spec.streamOutOf === "received";
    const total = received ? summary.receivedBytes : summary.expectedBytes ?? summary.receivedBytes;
    const of = received ? "received " : summary.expectedBytes !== undefined ? "sent " : "";
    const ok = within(bad, total, limit);
    const note = spec.streamNote?.(summary);
    const word = spec.streamWord?.(summary) ?? spec.word;
    const detail = bad === 0
      ? `${where}: ${summary.receivedBytes} bytes checked, none ${word}`
      : `${where}: ${bad} of ${total} ${of}bytes ${word}` +
        (summary.firstMismatchAt !== undefined
          ? `, first at received byte ${summary.firstMismatchAt}`
          : "") +
        (ok ? ` (limit ${formatLimit(limit)})` : `; limit ${formatLimit(limit)}`);
    return { name: spec.name, ok, detail: note ? `${detail} (${note})` : detail };
  });
}

function datagramVerdicts(input: CheckInput, spec: Counted, limit: Limit): CheckVerdict[] {
  return input.datagrams.map(({ where, summary }) => {
    const { count, seqs, total = summary.sent, of = "sent", text } = spec.datagrams(summary);
    const ok = within(count, total, limit);
    const examples = seqs.length > 0 ? ` (#${seqs.slice(0, 8).join(", #")})` : "";
    const phrase = text ?? `${count} of ${total} ${of} datagrams ${spec.word}${examples}`;
    return { name: spec.name, ok, detail: `${where}: ${phrase}; limit ${formatLimit(limit)}` };
  });
}

/**
 * A check that passes when the anomalies it counts are within the limit on every checked
 * stream and datagram flow.
 */
export function countedCheck(spec: Counted): CountedCheck {
  const check = (input: CheckInput, limit: Limit): CheckVerdict => {
    const verdicts = [
      ...streamVerdicts(input, spec, limit),
      ...datagramVerdicts(input, spec, limit),
    ];
    if (verdicts.length === 0) {
      return nothingToCheck(
        spec.name,
        "no receive step verified generated data (add verify to a receive or receive_from step)",
      );
    }
    const failed = verdicts.filter((v) => !v.ok);
    return { name: spec.name, ok: failed.length === 0, detail: summarize(failed, verdicts, spec) };
  };
  return Object.assign(check, {
    checkName: spec.name,
    limitKey: spec.limit,
    minimumKey: spec.minimum,
  });
}

/** Most flows named one by one in a verdict; beyond, they are counted. */
const LISTED_FLOWS = 4;

function summarize(failed: CheckVerdict[], all: CheckVerdict[], spec: Counted): string {
  const shown = failed.length > 0 ? failed : all;
  if (shown.length <= LISTED_FLOWS) return shown.map((v) => v.detail).join("; ");
  if (failed.length === 0) return `${all.length} flows checked, none ${spec.word}`;
  const listed = failed.slice(0, LISTED_FLOWS).map((v) => v.detail).join("; ");
  return `${failed.length} of ${all.length} flows: ${listed}; and ${
    failed.length - LISTED_FLOWS
  } more`;
}
