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
 *   records under reports/. A report, a failure record folder or a TMPDIR elsewhere makes the
 *   CLI run itself again with `--allow-write` narrowed to those paths (see `access.ts`).
 * - `--allow-run`: command peers, `setsid` and `ps` (to stop what a command forked), and
 *   kernel-fault namespaces (`ip`, `nft`); without it a scenario with a command fails with a
 *   message that says so.
 * - `--allow-env=...`: PATH (for `requires`), TMPDIR (where temporary directories go), the
 *   namespace marker, the parent's pid in a child run, the two variables the yaml package
 *   reads, `SOCKSPEC_VAR_*` (values of scenario variables; Deno accepts a trailing `*` in an
 *   --allow-env name), and GITHUB_STEP_SUMMARY (where `--reporter github` appends the job
 *   summary).
 * - `--allow-sys=uid`: whether kernel faults can run (root).
 */
export const SCENARIO_PERMISSIONS = [
  "--allow-net",
  "--allow-read",
  "--allow-write=/tmp,reports",
  "--allow-run",
  "--allow-env=PATH,TMPDIR,SOCKSPEC_NETNS,SOCKSPEC_PARENT,LOG_TOKENS,LOG_STREAM,SOCKSPEC_VAR_*,GITHUB_STEP_SUMMARY",
  "--allow-sys=uid",
] as const;
