/**
 * The nftables rules of a fault namespace.
 *
 * - loss: `numgen random mod 10000 < N drop` on the input hook, so each packet delivered on the
 *   namespace's loopback is dropped with probability N/10000 (both directions of a connection,
 *   ACKs included);
 * - duplication: `dup to 127.0.0.1 device "lo"` (and `::1`) on the output hook: the kernel sends
 *   a copy of the packet (nft_dup, which does not duplicate its own copies).
 *
 * `numgen random` draws from the kernel's generator (prandom): it cannot be seeded.
 *
 * @internal
 * @module
 */

/** Name of the nftables tables sockspec creates. */
export const TABLE = "sockspec";

function threshold(percent: number): number {
  return Math.round(percent * 100);
}

/** The ruleset for `nft -f -`, or "" when there is nothing to install. */
export function faultRuleset(lossPercent: number, duplicatePercent: number): string {
  const lines: string[] = [];
  if (lossPercent > 0) {
    lines.push(
      `table inet ${TABLE} {`,
      "  chain input {",
      "    type filter hook input priority 0; policy accept;",
      `    numgen random mod 10000 < ${threshold(lossPercent)} counter drop comment "loss";`,
      "  }",
      "}",
    );
  }
  if (duplicatePercent > 0) {
    for (const [family, address] of [["ip", "127.0.0.1"], ["ip6", "::1"]]) {
      lines.push(
        `table ${family} ${TABLE}_dup {`,
        "  chain output {",
        "    type filter hook output priority 0; policy accept;",
        `    numgen random mod 10000 < ${
          threshold(duplicatePercent)
        } counter dup to ${address} device "lo" comment "duplicate";`,
        "  }",
        "}",
      );
    }
  }
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

/** Sums the packet counters of the rules with `comment`, from `nft list ruleset` output. */
export function countPackets(ruleset: string, comment: string): number {
  let total = 0;
  for (const line of ruleset.split("\n")) {
    if (!line.includes(`comment "${comment}"`)) continue;
    const match = /counter packets (\d+)/.exec(line);
    if (match) total += Number(match[1]);
  }
  return total;
}
