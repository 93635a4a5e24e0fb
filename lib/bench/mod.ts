/**
 * Benchmark support: peers in their own processes, throughput, loss, round-trip and open-loop
 * latency measurements on tcp, unix, udp and unixgram, iperf3 and sockperf runners and parsers,
 * and the report behind `deno task bench`. See bench/README.md.
 *
 * @example
 * ```ts ignore
 * import { measureRoundTrip, startPeer } from "./mod.ts";
 * await using peer = await startPeer("tcp");
 * const result = await measureRoundTrip(peer, { sizeBytes: 64, durationMs: 1000 });
 * console.log(result.rtt.p50Micros);
 * ```
 *
 * @module
 */
export * from "./transport.ts";
export * from "./peer_protocol.ts";
export * from "./peer_process.ts";
export * from "../common/histogram.ts";
export * from "./rate_schedule.ts";
export * from "./stats.ts";
export * from "./sizes.ts";
export * from "./proc_stats.ts";
export * from "./machine_info.ts";
export * from "./result_types.ts";
export * from "./stream_throughput.ts";
export * from "./datagram_throughput.ts";
export * from "./round_trip.ts";
export * from "./latency_under_load.ts";
export * from "./iperf3.ts";
export * from "./sockperf.ts";
export * from "./bench_iterations.ts";
export * from "./bench_fixture.ts";
export * from "./bench_file.ts";
export * from "./verify_stream.ts";
export * from "./report_args.ts";
export * from "./report_plan.ts";
export * from "./report_document.ts";
export * from "./report_runner.ts";
export * from "./report_table.ts";
export * from "./targets.ts";
export * from "./progress.ts";
export * from "./hgrm.ts";
export * from "./plot_svg.ts";
export * from "./plot_latency.ts";
export * from "./plot_compare.ts";
export * from "./report_html.ts";
