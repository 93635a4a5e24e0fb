/**
 * `echo`: send a payload and expect exactly it back, on any transport. On a stream (tcp, unix) it
 * connects if the connection is not open yet, writes the payload in pieces while it reads the
 * echo (so neither side waits on a full buffer), and checks every byte as it arrives; on
 * datagrams (udp, unixgram) each piece is one datagram, sent and received back in windows. It
 * can bound the time to the first and to the last byte back: the latency of a non-interactive
 * transfer.
 *
 * @example One scenario, four transports
 * ```yaml
 * transport: [tcp, unix, udp, unixgram]
 * server: { builtin: echo }
 * client:
 *   - echo: { generate: 64KiB, chunk: 512, last_byte_within: 2s }
 * ```
 *
 * @module
 */
import { z } from "zod";
import { durationField, patternField, sizeField } from "./_fields.ts";

const ECHO_SOURCES = ["text", "hex", "base64", "file", "generate"];

/** The schema of `echo`. */
export const echoStep = z.union([
  z.string(),
  z.strictObject({
    text: z.string().optional().meta({ description: "UTF-8 text" }),
    hex: z.string().regex(/^[\s0-9a-fA-F]*$/, "expected hex digits, spaces allowed").optional(),
    base64: z.string().optional(),
    file: z.string().optional().meta({ description: "Path, relative to the scenario file" }),
    generate: sizeField.optional().meta({ description: "Bytes of generated pattern to echo" }),
    pattern: patternField.default("sequence"),
    chunk: sizeField.optional().meta({
      description: "Bytes a write on a stream, a datagram on datagrams (64 KiB; 512 B)",
    }),
    pause: durationField.optional().meta({ description: "Pause between pieces" }),
    window: z.int().min(1).optional().meta({
      description: "Datagrams sent before their echoes are received (8 on unixgram, 32 on udp)",
    }),
    idle: durationField.optional().meta({
      description: "Datagrams: stop waiting for a window's echoes after this long without one (2s)",
    }),
    close_write: z.boolean().optional().meta({
      description: "Streams: half-close after the last write (an echo may hold bytes until more " +
        "come, or the end)",
    }),
    first_byte_within: durationField.optional().meta({
      description: "Most time from the first write to the first byte back",
    }),
    last_byte_within: durationField.optional().meta({
      description: "Most time from the first write to the last byte back",
    }),
  }).refine(
    (value) =>
      ECHO_SOURCES.filter((key) => value[key as keyof typeof value] !== undefined).length === 1,
    { message: `expected exactly one of ${ECHO_SOURCES.join(", ")}` },
  ),
]);
