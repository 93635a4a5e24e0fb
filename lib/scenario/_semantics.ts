/**
 * Checks that need the whole scenario: steps that fit the transport, peers that exist, marks
 * that some peer sets, barriers that cannot deadlock, checks that do not contradict it.
 *
 * @internal
 * @module
 */
import { ScenarioFileError } from "./errors.ts";
import type { SourceLocation } from "../common/location.ts";
import { type Peer, type Scenario, type Step } from "../model/scenario.ts";
import { isStream } from "../common/transport.ts";
import { STEPS } from "../runner/steps/mod.ts";
import type { StepFamily } from "../runner/steps/mod.ts";

const FAMILY: ReadonlyMap<string, StepFamily> = new Map(
  Object.entries(STEPS).map(([kind, definition]) => [kind, definition.family]),
);

function fail(location: SourceLocation, field: string, problem: string): never {
  throw new ScenarioFileError(location, field, problem);
}

function* allSteps(steps: Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    yield* allSteps(step.children);
    for (const branch of step.branches) yield* allSteps(branch);
  }
}

function checkSteps(scenario: Scenario, peer: Peer): void {
  for (const step of allSteps(peer.steps)) {
    for (const transport of scenario.transports) {
      if (!isStream(transport) && FAMILY.get(step.kind) === "stream") {
        fail(
          step.location,
          step.kind,
          `${step.kind} is a stream step but the scenario runs on ${transport}: use send_to and receive_from for datagrams`,
        );
      }
      if (isStream(transport) && FAMILY.get(step.kind) === "datagram") {
        fail(
          step.location,
          step.kind,
          `${step.kind} is a datagram step but the scenario runs on ${transport}: use connect, send and receive on streams`,
        );
      }
    }
  }
}

/**
 * Deno's Unix datagram socket refuses a send while a receive is pending on it ("Busy", denoland/deno
 * issue 6290), so one socket cannot send in one parallel branch and receive in another.
 */
function checkUnixgramParallel(scenario: Scenario, peer: Peer): void {
  if (!scenario.transports.includes("unixgram")) return;
  for (const step of allSteps(peer.steps)) {
    if (step.kind !== "parallel") continue;
    const kinds = step.branches.map((b) => new Set([...allSteps(b)].map((s) => s.kind)));
    const sends = kinds.some((k) => k.has("send_to"));
    const receives = kinds.some((k) => k.has("receive_from"));
    if (sends && receives) {
      fail(
        step.location,
        "parallel",
        "on unixgram, Deno cannot send on a socket while a receive is pending on it (denoland/deno#6290): send and receive in turns, in windows of at most net.unix.max_dgram_qlen datagrams",
      );
    }
  }
}

function checkPeer(scenario: Scenario, peer: Peer): void {
  if (peer.kind === "builtin" && peer.role !== "server") {
    fail(peer.location, `${peer.name}.builtin`, "built-in peers are servers: set role: server");
  }
  if (peer.kind === "address" && peer.role !== "server") {
    fail(peer.location, `${peer.name}.address`, "an address peer is a server: set role: server");
  }
  const clientNames = scenario.peers.filter((p) => p.role === "client").map((p) => p.name);
  if (peer.after !== undefined && !clientNames.includes(peer.after)) {
    fail(
      peer.location,
      `${peer.name}.after`,
      `expected the name of a client peer (${clientNames.join(", ")}), found ${
        JSON.stringify(peer.after)
      }`,
    );
  }
  if (peer.count > 1 && peer.role === "server") {
    fail(peer.location, `${peer.name}.count`, "count applies to clients: a server serves them all");
  }
  checkSteps(scenario, peer);
  checkUnixgramParallel(scenario, peer);
}

/** Clients that start `after` one another must not wait for themselves. */
function checkAfterCycles(scenario: Scenario): void {
  const after = new Map(scenario.peers.map((p) => [p.name, p.after]));
  for (const peer of scenario.peers) {
    const seen = [peer.name];
    for (let next = peer.after; next !== undefined; next = after.get(next)) {
      if (seen.includes(next)) {
        fail(
          peer.location,
          `${peer.name}.after`,
          `clients wait for each other in a circle: ${[...seen, next].join(" after ")}`,
        );
      }
      seen.push(next);
    }
  }
}

/** Peers run their marks and waits in order; a wait nobody can satisfy is a deadlock. */
function checkBarriers(scenario: Scenario): void {
  const flows = scenario.peers.map((peer) => ({
    peer,
    ops: [...allSteps(peer.steps)].filter((s) => s.kind === "mark" || s.kind === "wait"),
    next: 0,
  }));
  const marked = new Set<string>();
  const everMarked = new Set(
    flows.flatMap((f) => f.ops.filter((s) => s.kind === "mark").map((s) => s.args as string)),
  );
  for (const flow of flows) {
    const orphan = flow.ops.find((s) => s.kind === "wait" && !everMarked.has(s.args as string));
    if (orphan) {
      fail(
        orphan.location,
        "wait",
        `no peer marks ${JSON.stringify(orphan.args)}: add a step mark: ${orphan.args} to a peer`,
      );
    }
  }
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const flow of flows) {
      while (flow.next < flow.ops.length) {
        const op = flow.ops[flow.next];
        if (op.kind === "wait" && !marked.has(op.args as string)) break;
        if (op.kind === "mark") marked.add(op.args as string);
        flow.next++;
        progressed = true;
      }
    }
  }
  const stuck = flows.filter((f) => f.next < f.ops.length);
  if (stuck.length > 0) {
    const waits = stuck.map((f) =>
      `${f.peer.name} waits for ${JSON.stringify(f.ops[f.next].args)}`
    );
    fail(
      stuck[0].ops[stuck[0].next].location,
      "wait",
      `circular barrier: ${waits.join(" while ")}, each marked only after the other's wait`,
    );
  }
}

function checkFaults(scenario: Scenario, at: (path: PropertyKey[]) => SourceLocation): void {
  (scenario.faults ?? []).forEach((fault, i) => {
    const transport = scenario.transports.find((t) => isStream(t) !== (fault.family === "stream"));
    if (transport) {
      fail(
        at(["faults", i]),
        `faults[${i}]`,
        `${fault.kind} is a ${fault.family} fault but the scenario runs on ${transport}`,
      );
    }
  });
}

function validateChecks(scenario: Scenario, at: (path: PropertyKey[]) => SourceLocation): void {
  scenario.checks.forEach((check, i) => {
    const stream = scenario.transports.find(isStream);
    if (check === "boundaries" && stream) {
      fail(
        at(["check", i]),
        `check[${i}]`,
        `boundaries contradicts transport ${stream}: stream sockets do not keep record boundaries; check boundaries on udp or unixgram`,
      );
    }
  });
}

/**
 * Throws a {@linkcode ScenarioFileError} at the first problem that the schema alone cannot see.
 */
export function checkSemantics(
  scenario: Scenario,
  at: (path: PropertyKey[]) => SourceLocation,
): void {
  if (scenario.peers.length === 0) {
    fail(scenario.location, "", "expected at least one peer: server, client or peers");
  }
  for (const peer of scenario.peers) checkPeer(scenario, peer);
  validateChecks(scenario, at);
  checkFaults(scenario, at);
  checkAfterCycles(scenario);
  checkBarriers(scenario);
}
