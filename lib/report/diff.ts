/**
 * Hex and text dumps of expected and received bytes, for failure reports.
 *
 * @module
 */
import { createColors } from "./_ansi.ts";

const colors = createColors(true);

/** Options of {@linkcode formatDiff}. */
export interface FormatDiffOptions {
  /**
   * Bytes a row.
   *
   * @default {16}
   */
  bytesPerRow?: number;
  /**
   * Rows shown before the row of the first difference (or, with no difference, rows shown from
   * the start: `rowsBefore + rowsAfter`).
   *
   * @default {2}
   */
  rowsBefore?: number;
  /**
   * Rows shown from the row of the first difference on, that row included.
   *
   * @default {6}
   */
  rowsAfter?: number;
  /**
   * Colour the bytes that differ: expected in green, received in red.
   *
   * @default {false}
   */
  color?: boolean;
  /**
   * How many bytes arrived in all, when `received` is only their start: the header then says
   * `received first 256 of 65507 bytes`.
   */
  receivedBytes?: number;
}

/**
 * The offset of the first byte where `expected` and `received` differ, or where the shorter one
 * ends; `undefined` when they are equal.
 *
 * @example
 * ```ts
 * import { firstDifference } from "./diff.ts";
 * const enc = new TextEncoder();
 * console.assert(firstDifference(enc.encode("HELLO"), enc.encode("HELxO")) === 3);
 * console.assert(firstDifference(enc.encode("HE"), enc.encode("HEL")) === 2);
 * console.assert(firstDifference(enc.encode("HE"), enc.encode("HE")) === undefined);
 * ```
 */
export function firstDifference(expected: Uint8Array, received: Uint8Array): number | undefined {
  const shorter = Math.min(expected.length, received.length);
  for (let i = 0; i < shorter; i++) {
    if (expected[i] !== received[i]) return i;
  }
  return expected.length === received.length ? undefined : shorter;
}

/**
 * Formats expected and received bytes as a hex and text dump, 16 bytes a row, with an offset
 * column; bytes outside printable ASCII (0x20-0x7e) show as `.` in the text column.
 *
 * The first line says where the first difference is and both lengths. Rows where both sides
 * hold the same bytes are shown once (`both`); rows that differ are shown twice (`expected`,
 * then `received`) and marked `*` in the left margin; a line of `^` points at the first
 * differing byte in the hex and text columns. Only a window of rows around the first difference
 * is shown; the rows left out are counted.
 *
 * Either side may be `undefined` (for example when only the received bytes are known): the
 * other side is then dumped alone from its start.
 *
 * @example
 * ```ts
 * import { formatDiff } from "./diff.ts";
 * const enc = new TextEncoder();
 * const text = formatDiff(enc.encode("HELLO\n"), enc.encode("hello\n"));
 * console.assert(text.startsWith("first difference at offset 0 (0x0); expected 6 bytes"));
 * ```
 *
 * @param expected Bytes a step expected, if known.
 * @param received Bytes that arrived, if known.
 * @returns Lines joined by `\n`, without a trailing newline.
 */
export function formatDiff(
  expected: Uint8Array | undefined,
  received: Uint8Array | undefined,
  options: FormatDiffOptions = {},
): string {
  const layout = createLayout(expected, received, options);
  const color = options.color ?? false;
  if (expected === undefined || received === undefined) {
    const [bytes, label] = expected === undefined
      ? [received ?? new Uint8Array(), "received"]
      : [expected, "expected"];
    const total = label === "received" ? options.receivedBytes : undefined;
    const header = total !== undefined && total > bytes.length
      ? `${label} first ${bytes.length} of ${bytesCount(total)}`
      : `${label} ${bytesCount(bytes.length)}`;
    return [header, ...dumpRows(layout, 0, { bytes, label })].join("\n");
  }
  const first = firstDifference(expected, received);
  const lengths = first === undefined
    ? `both ${bytesCount(expected.length)}`
    : `expected ${bytesCount(expected.length)}, received ${bytesCount(received.length)}`;
  const header = first === undefined
    ? `no difference; ${lengths}`
    : `first difference at offset ${first} (0x${first.toString(16)}); ${lengths}`;
  const startRow = first === undefined ? 0 : Math.floor(first / layout.bytesPerRow);
  return [header, ...diffRows(layout, startRow, { expected, received, first, color })].join("\n");
}

interface Layout {
  bytesPerRow: number;
  rowsBefore: number;
  rowsAfter: number;
  totalRows: number;
  offsetWidth: number;
  hexWidth: number;
}

interface Side {
  bytes: Uint8Array;
  label: string;
}

interface DiffInput {
  expected: Uint8Array;
  received: Uint8Array;
  first: number | undefined;
  color: boolean;
}

function createLayout(
  expected: Uint8Array | undefined,
  received: Uint8Array | undefined,
  options: FormatDiffOptions,
): Layout {
  const bytesPerRow = Math.max(1, Math.floor(options.bytesPerRow ?? 16));
  const longest = Math.max(expected?.length ?? 0, received?.length ?? 0);
  const totalRows = Math.ceil(longest / bytesPerRow);
  const lastOffset = Math.max(0, (totalRows - 1) * bytesPerRow);
  return {
    bytesPerRow,
    rowsBefore: Math.max(0, Math.floor(options.rowsBefore ?? 2)),
    rowsAfter: Math.max(1, Math.floor(options.rowsAfter ?? 6)),
    totalRows,
    offsetWidth: Math.max(8, lastOffset.toString(16).length),
    hexWidth: hexColumn(bytesPerRow),
  };
}

/** Width of the hex column: two digits a byte, a space between bytes, one more every 8 bytes. */
function hexColumn(bytes: number): number {
  return bytes * 3 - 1 + Math.floor((bytes - 1) / 8);
}

function dumpRows(layout: Layout, startRow: number, side: Side): string[] {
  const rows = Math.ceil(side.bytes.length / layout.bytesPerRow);
  const shownRows = layout.rowsBefore + layout.rowsAfter;
  const end = Math.min(rows, startRow + shownRows);
  if (rows === 0) return [];
  const lines = [columnsHeader(layout)];
  for (let row = startRow; row < end; row++) {
    lines.push(rowLine(layout, row, { ...side, mark: " ", differs: () => false }));
  }
  if (end < rows) lines.push(omitted(rows - end, "below"));
  return lines;
}

function diffRows(layout: Layout, firstRow: number, input: DiffInput): string[] {
  if (layout.totalRows === 0) return [];
  const start = input.first === undefined ? 0 : Math.max(0, firstRow - layout.rowsBefore);
  const shown = input.first === undefined
    ? layout.rowsBefore + layout.rowsAfter
    : firstRow - start + layout.rowsAfter;
  const end = Math.min(layout.totalRows, start + shown);
  const lines = [columnsHeader(layout)];
  if (start > 0) lines.push(omitted(start, "above"));
  for (let row = start; row < end; row++) lines.push(...diffRow(layout, row, input));
  if (end < layout.totalRows) lines.push(omitted(layout.totalRows - end, "below"));
  return lines;
}

function diffRow(layout: Layout, row: number, input: DiffInput): string[] {
  const { expected, received, first, color } = input;
  const from = row * layout.bytesPerRow;
  const to = from + layout.bytesPerRow;
  const a = expected.subarray(from, to);
  const b = received.subarray(from, to);
  if (firstDifference(a, b) === undefined) {
    return [rowLine(layout, row, { bytes: expected, label: "both", mark: " ", differs: never })];
  }
  const differs = (offset: number) => expected[offset] !== received[offset];
  const lines: string[] = [];
  const paint = (text: string, side: "expected" | "received") =>
    !color ? text : side === "expected" ? colors.green(text) : colors.red(text);
  for (const [bytes, label] of [[expected, "expected"], [received, "received"]] as const) {
    if (bytes.length <= from) continue;
    lines.push(rowLine(layout, row, {
      bytes,
      label,
      mark: "*",
      differs,
      paint: (text) => paint(text, label),
    }));
  }
  if (first !== undefined && first >= from && first < to) {
    lines.push(caretLine(layout, first - from));
  }
  return lines;
}

function never(): boolean {
  return false;
}

interface RowSide extends Side {
  mark: string;
  differs: (offset: number) => boolean;
  paint?: (text: string) => string;
}

function rowLine(layout: Layout, row: number, side: RowSide): string {
  const from = row * layout.bytesPerRow;
  const bytes = side.bytes.subarray(from, from + layout.bytesPerRow);
  const hex: string[] = [];
  const text: string[] = [];
  bytes.forEach((byte, k) => {
    const paint = side.paint !== undefined && side.differs(from + k) ? side.paint : identity;
    const gap = k > 0 && k % 8 === 0 ? "  " : k > 0 ? " " : "";
    hex.push(gap + paint(byte.toString(16).padStart(2, "0")));
    text.push(paint(printable(byte)));
  });
  const hexPad = " ".repeat(layout.hexWidth - (bytes.length > 0 ? hexColumn(bytes.length) : 0));
  const textPad = " ".repeat(layout.bytesPerRow - bytes.length);
  const offset = from.toString(16).padStart(layout.offsetWidth, "0");
  return `${side.mark} ${offset}  ${hex.join("")}${hexPad}  |${
    text.join("")
  }|${textPad}  ${side.label}`;
}

function caretLine(layout: Layout, column: number): string {
  const hexAt = 2 + layout.offsetWidth + 2 + column * 3 + Math.floor(column / 8);
  const textAt = 2 + layout.offsetWidth + 2 + layout.hexWidth + 2 + 1 + column;
  return `${" ".repeat(hexAt)}^^${" ".repeat(textAt - hexAt - 2)}^`;
}

function columnsHeader(layout: Layout): string {
  const offset = "offset".padEnd(layout.offsetWidth);
  return `  ${offset}  ${"hex".padEnd(layout.hexWidth)}  text`;
}

function omitted(rows: number, where: "above" | "below"): string {
  return `  … ${rows} ${rows === 1 ? "row" : "rows"} ${where} not shown`;
}

function printable(byte: number): string {
  return byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : ".";
}

function bytesCount(count: number): string {
  return `${count} ${count === 1 ? "byte" : "bytes"}`;
}

function identity(text: string): string {
  return text;
}
