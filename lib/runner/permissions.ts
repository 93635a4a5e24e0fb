/**
 * The Deno permissions that `deno task scenarios` runs with, and why each is needed. The run
 * inside a kernel-fault namespace re-executes sockspec with the same ones.
 *
 * @module
 */

/**
 * Flags of `deno task scenarios`, each as narrow as it can be:
 *
 * - `--allow-net`: every socket. Not narrowed: Deno 2.9 wants one `unix:<path>` rule per Unix
 *   socket path (no prefix or wildcard), and sockspec makes fresh paths in a temporary directory
 *   for every run. sockspec itself binds and connects only to the scenario's host (127.0.0.1 or
 *   ::1, checked when the file loads) and to paths it made, unless a scenario names an address.
 * - `--allow-read`: scenario and payload files, the temporary directory, PATH directories (for
 *   `requires`).
 * - `--allow-write=/tmp,reports`: temporary directories for Unix socket paths, and failure
 *   records under reports/.
 * - `--allow-run`: command peers, `setsid` and `ps` (to stop what a command forked), and
 *   kernel-fault namespaces (`ip`, `nft`); without it a scenario with a command fails with a
 *   message that says so.
 * - `--allow-env=...`: PATH (for `requires`), TMPDIR (where temporary directories go), the
 *   namespace marker, and the two variables the yaml package reads.
 * - `--allow-sys=uid`: whether kernel faults can run (root).
 */
export const SCENARIO_PERMISSIONS = [
  "--allow-net",
  "--allow-read",
  "--allow-write=/tmp,reports",
  "--allow-run",
  "--allow-env=PATH,TMPDIR,SOCKSPEC_NETNS,LOG_TOKENS,LOG_STREAM",
  "--allow-sys=uid",
] as const;
