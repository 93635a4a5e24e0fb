/**
 * Draws a {@linkcode SequenceDiagram} as SVG: lifelines as columns, time going down.
 *
 * @module
 */
import { escapeXmlAttribute, escapeXmlText, replaceNonXmlChars } from "../_xml.ts";
import type { SequenceDiagram, SequenceRow } from "./sequence.ts";

/** Options of {@linkcode renderSequenceSvg}. */
export interface RenderSequenceSvgOptions {
  /** Width of a lifeline's column, in px. @default {230} */
  laneWidth?: number;
  /** Height of a row, in px. @default {24} */
  rowHeight?: number;
  /** A pause longer than this between two rows is drawn as a break, in µs. @default {10000} */
  breakMicros?: number;
  /** Id of the arrowhead marker, unique within a page that holds several diagrams. @default {"head"} */
  markerId?: string;
}

const TIME_COLUMN = 150;
const HEADER = 44;
const CHAR_PX = 6.2;

/**
 * The SVG text of `diagram`. Every lifeline is a `<g class="lifeline" data-peer>`, every row a
 * `<g class="row arrow|note" data-kind data-from data-to>`, and the failing step also has the
 * class `failing`, so a test (or a stylesheet) can find them. The left column gives each row's
 * time in µs since the run started; a pause longer than `breakMicros` shows as a break saying how
 * long it was. Labels cut to fit carry the whole text in a `<title>`.
 *
 * @example
 * ```ts
 * import { buildSequence } from "./sequence.ts";
 * import { renderSequenceSvg } from "./sequence_svg.ts";
 * const svg = renderSequenceSvg(buildSequence([
 *   { timeMicros: 5, peer: "client", conn: "main", kind: "connect" },
 *   { timeMicros: 9, peer: "server", conn: "c1", kind: "accept" },
 * ]));
 * console.assert(svg.startsWith("<svg") && svg.includes('data-peer="server"'));
 * ```
 */
export function renderSequenceSvg(
  diagram: SequenceDiagram,
  options: RenderSequenceSvgOptions = {},
): string {
  const laneWidth = options.laneWidth ?? 230;
  const rowHeight = options.rowHeight ?? 24;
  const breakMicros = options.breakMicros ?? 10_000;
  const laneX = new Map(
    diagram.lifelines.map((peer, i) => [peer, TIME_COLUMN + laneWidth * (i + 0.5)]),
  );
  const markerId = options.markerId ?? "head";
  const width = TIME_COLUMN + laneWidth * Math.max(1, diagram.lifelines.length);
  const body: string[] = [];
  let y = HEADER + rowHeight * 0.6;
  let previous: SequenceRow | undefined;
  diagram.rows.forEach((row, i) => {
    const pause = previous ? row.timeMicros - previous.lastTimeMicros : 0;
    if (pause > breakMicros) {
      body.push(breakLine(y - rowHeight * 0.35, width, `… ${formatPause(pause)} later`));
      y += rowHeight * 0.7;
    }
    body.push(drawRow(row, y, { laneX, laneWidth, rowHeight, width, markerId }));
    y += rowHeight;
    if (i === diagram.omittedAfter) {
      body.push(breakLine(y - rowHeight * 0.35, width, `… ${diagram.omittedRows} rows left out`));
      y += rowHeight * 0.7;
    }
    previous = row;
  });
  const height = Math.ceil(y + rowHeight * 0.2);
  const lifelines = diagram.lifelines.map((peer) =>
    drawLifeline(peer, laneX.get(peer)!, laneWidth, height)
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="${width}" ` +
    `height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" ` +
    `font-size="11">${defs(markerId)}${lifelines.join("")}${body.join("")}</svg>`;
}

const defs = (id: string) =>
  `<defs><marker id="${attr(id)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" ` +
  `markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" ` +
  `fill="context-stroke"/></marker></defs>`;

function text(value: string): string {
  return escapeXmlText(replaceNonXmlChars(value));
}

function attr(value: string): string {
  return escapeXmlAttribute(replaceNonXmlChars(value));
}

/** `label`, cut with `…` to about `px` pixels of text. */
function fit(label: string, px: number): string {
  const chars = Math.max(4, Math.floor(px / CHAR_PX));
  return label.length <= chars ? label : `${label.slice(0, chars - 1)}…`;
}

function drawLifeline(peer: string, x: number, laneWidth: number, height: number): string {
  const boxWidth = Math.min(laneWidth - 20, 170);
  return `<g class="lifeline" data-peer="${attr(peer)}">` +
    `<line x1="${x}" y1="${HEADER - 10}" x2="${x}" y2="${height}" stroke="#9aa3ad" ` +
    `stroke-dasharray="4 3"/><rect x="${x - boxWidth / 2}" y="6" width="${boxWidth}" ` +
    `height="24" rx="4" fill="#e8eef6" stroke="#4a6fa5"/><text x="${x}" y="22" ` +
    `text-anchor="middle" font-weight="600" font-size="12">${text(fit(peer, boxWidth - 8))}` +
    `</text></g>`;
}

function breakLine(y: number, width: number, label: string): string {
  return `<g class="break"><line x1="0" y1="${y}" x2="${width}" y2="${y}" stroke="#c9ced4" ` +
    `stroke-dasharray="2 4"/><text x="4" y="${y + 11}" fill="#6b7480" font-style="italic">` +
    `${text(label)}</text></g>`;
}

function formatPause(micros: number): string {
  return micros >= 1_000_000
    ? `${(micros / 1_000_000).toFixed(2)} s`
    : `${(micros / 1000).toFixed(1)} ms`;
}

interface Layout {
  laneX: Map<string, number>;
  laneWidth: number;
  rowHeight: number;
  width: number;
  markerId: string;
}

const NOTE_COLOURS: Record<string, [string, string]> = {
  fault: ["#fff1dc", "#c77700"],
  error: ["#fde8e8", "#b42318"],
  stream_check: ["#e9f6ec", "#2f7d45"],
  datagram_check: ["#e9f6ec", "#2f7d45"],
};
const ARROW_COLOURS: Record<string, string> = {
  send: "#1f5fa8",
  receive: "#5b8fc9",
  connect: "#444c56",
  accept: "#444c56",
  close_write: "#7a4fb3",
  close: "#7a4fb3",
  eof: "#7a4fb3",
};

function drawRow(row: SequenceRow, y: number, layout: Layout): string {
  const classes = ["row", row.shape, row.failing ? "failing" : ""].filter(Boolean).join(" ");
  const data = `data-kind="${attr(row.kind)}" data-from="${attr(row.from)}" ` +
    `data-to="${attr(row.to)}" data-count="${row.count}"` +
    (row.fault ? ` data-fault="${attr(row.fault)}"` : "");
  const time = row.count > 1
    ? `${row.timeMicros}–${row.lastTimeMicros} µs`
    : `${row.timeMicros} µs`;
  const band = row.failing
    ? `<rect class="failing-band" x="0" y="${
      y - layout.rowHeight * 0.6
    }" width="${layout.width}" ` +
      `height="${layout.rowHeight}" fill="#fde8e8"/>`
    : "";
  const shape = row.shape === "arrow" ? drawArrow(row, y, layout) : drawNote(row, y, layout);
  return `<g class="${classes}" ${data}><title>${text(`${time}: ${row.label}`)}</title>${band}` +
    `<text x="${TIME_COLUMN - 8}" y="${y + 4}" text-anchor="end" fill="#6b7480" ` +
    `font-variant-numeric="tabular-nums">${text(fit(time, TIME_COLUMN - 10))}</text>${shape}</g>`;
}

function drawArrow(row: SequenceRow, y: number, layout: Layout): string {
  const x1 = layout.laneX.get(row.from)!;
  const x2 = layout.laneX.get(row.to)!;
  const colour = row.failing ? "#b42318" : ARROW_COLOURS[row.kind] ?? "#444c56";
  const dash = row.dashed ? ` stroke-dasharray="5 3"` : "";
  const widthPx = row.failing ? 2.5 : row.count > 1 ? 2.2 : 1.3;
  const span = Math.abs(x2 - x1);
  return `<line x1="${x1}" y1="${y + 4}" x2="${x2}" y2="${y + 4}" stroke="${colour}" ` +
    `stroke-width="${widthPx}"${dash} marker-end="url(#${attr(layout.markerId)})"/>` +
    `<text x="${(x1 + x2) / 2}" y="${y}" text-anchor="middle" fill="${colour}">` +
    `${text(fit(row.label, span + layout.laneWidth * 0.4))}</text>`;
}

function drawNote(row: SequenceRow, y: number, layout: Layout): string {
  const x = layout.laneX.get(row.from)!;
  const [fill, stroke] = row.failing
    ? ["#fde8e8", "#b42318"]
    : NOTE_COLOURS[row.kind] ?? ["#f3f4f6", "#8a939e"];
  const label = fit(row.label, layout.laneWidth * 1.6);
  const boxWidth = Math.min(layout.laneWidth * 1.6, label.length * CHAR_PX + 14);
  return `<rect x="${x - boxWidth / 2}" y="${y - 9}" width="${boxWidth}" height="18" rx="3" ` +
    `fill="${fill}" stroke="${stroke}" stroke-width="${row.failing ? 2 : 1}"/>` +
    `<text x="${x}" y="${y + 4}" text-anchor="middle" fill="${stroke}">${text(label)}</text>`;
}
