/**
 * The files and folders a run writes (reports, failure records, load results), checked before
 * the first scenario runs so that a bad path costs nothing but a message.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import type { CliOptions } from "./args.ts";
import { PARTIAL_SUFFIX } from "../report/reporter.ts";
import { STDERR_REPORTERS } from "../report/mod.ts";

/** Thrown for an output path the run could not write; the CLI exits with code 2. */
export class OutputPathError extends Error {
  override name = "OutputPathError";
}

/** A path from the command line and the words that gave it, for messages. */
export interface NamedPath {
  /** What the command line said, such as `--reporter junit=out/junit.xml`. */
  flag: string;
  /** The path, absolute. */
  path: string;
}

/** What a run writes. */
export interface OutputPlan {
  /** Files written whole at the end (reports, `--load-json`, `--load-hgrm`). */
  files: NamedPath[];
  /** Folders written into (`--artifacts`). */
  dirs: NamedPath[];
}

/** The files and folders that `options` make the run write, with absolute paths. */
export function outputPlan(options: CliOptions): OutputPlan {
  const files: NamedPath[] = options.reporters.flatMap(({ name, output }) =>
    output === undefined ? [] : [{ flag: `--reporter ${name}=${output}`, path: resolve(output) }]
  );
  for (const flag of ["json", "hgrm"] as const) {
    const path = options.load?.[flag];
    if (path) files.push({ flag: `--load-${flag} ${path}`, path: resolve(path) });
  }
  const dirs = options.load ? [] : [{
    flag: `--artifacts ${options.artifactDir}`,
    path: resolve(options.artifactDir),
  }];
  return { files, dirs };
}

/** The outermost folder on `path` that does not exist yet, or undefined when `path` exists. */
function firstMissing(path: string): string | undefined {
  let missing: string | undefined;
  for (let at = path; at !== dirname(at); at = dirname(at)) {
    try {
      Deno.statSync(at);
      return missing;
    } catch {
      missing = at;
    }
  }
  return missing;
}

/**
 * The paths the run needs write access to for `plan`, as narrow as they can be: each file and
 * its temporary name when its folder exists, else the outermost folder that must be created;
 * each folder (`--artifacts`), or the outermost missing one on its way.
 */
export function writeGrants(plan: OutputPlan): string[] {
  const files = plan.files.flatMap(({ path }) => {
    const missing = firstMissing(dirname(path));
    return missing ? [missing] : [path, `${path}${PARTIAL_SUFFIX}`];
  });
  const dirs = plan.dirs.map(({ path }) => firstMissing(path) ?? path);
  return [...new Set([...files, ...dirs])];
}

/**
 * Checks that at most one reporter writes to standard output.
 *
 * @throws {OutputPathError} Naming the reporters and how to give all but one a file.
 */
export function checkStdoutReporters(options: CliOptions): void {
  const console = options.reporters
    .filter((r) => r.output === undefined && !STDERR_REPORTERS.has(r.name))
    .map((r) => r.name);
  if (console.length <= 1) return;
  const [, second] = console;
  throw new OutputPathError(
    `--reporter ${console.join(", --reporter ")}: ${console.length} reporters would write to ` +
      `standard output; keep one there and give the others a file, such as ` +
      `--reporter ${second}=reports/${second}.txt`,
  );
}

function describe(error: unknown): string {
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotCapable) {
    return `Deno refuses it: ${(error as Error).message}`;
  }
  if (error instanceof Deno.errors.NotADirectory || error instanceof Deno.errors.AlreadyExists) {
    return "a part of the path is a file, not a folder";
  }
  if (error instanceof Deno.errors.NotFound) return "a part of the path does not exist";
  return (error as Error).message;
}

async function statOrUndefined(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    // A file where a parent folder should be: making the folders says so, naming the flag.
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw new OutputPathError(`cannot look at ${path}: ${describe(error)}`);
  }
}

async function makeFolder(dir: string, flag: string): Promise<void> {
  // An existing folder needs no write permission of its own: a run narrowed to the report files
  // may not make (even as a no-op) the folder they sit in.
  if ((await statOrUndefined(dir))?.isDirectory) return;
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputPathError(`${flag}: cannot create the folder ${dir}: ${describe(error)}`);
  }
}

/** Creates and removes the file `probe`, to find out whether the run can write there. */
async function probeWrite(probe: string, flag: string): Promise<void> {
  try {
    await Deno.writeFile(probe, new Uint8Array());
    await Deno.remove(probe);
  } catch (error) {
    await Deno.remove(probe).catch(() => {});
    throw new OutputPathError(`${flag}: cannot write ${probe}: ${describe(error)}`);
  }
}

/**
 * Gets every output of `plan` ready before the run: no two reporters share a file, no file is
 * a folder, missing parent folders of files are created, each folder can be written, and the
 * previous run's report files are removed (so that a reader never takes an old report for this
 * run's).
 *
 * @throws {OutputPathError} Naming the flag, the path and what is wrong with it.
 */
export async function prepareOutputs(plan: OutputPlan): Promise<void> {
  const seen = new Map<string, string>();
  for (const { flag, path } of plan.files) {
    const first = seen.get(path);
    if (first) throw new OutputPathError(`${first} and ${flag} would both write ${path}`);
    seen.set(path, flag);
  }
  for (const { flag, path } of plan.files) {
    const info = await statOrUndefined(path);
    if (info?.isDirectory) {
      throw new OutputPathError(
        `${flag}: ${path} is a folder; name a file in it, such as ${path}/report.xml`,
      );
    }
    await makeFolder(dirname(path), flag);
    await probeWrite(`${path}${PARTIAL_SUFFIX}`, flag);
    if (info) {
      try {
        await Deno.remove(path);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) {
          throw new OutputPathError(`${flag}: cannot replace ${path}: ${describe(error)}`);
        }
      }
    }
  }
  for (const { flag, path } of plan.dirs) await checkFolder(path, flag);
}

/**
 * A folder that is written only when something fails (`--artifacts`) is not created before
 * then: it must be a folder the run can write if it exists, else its nearest existing parent
 * must be a folder.
 */
async function checkFolder(path: string, flag: string): Promise<void> {
  const info = await statOrUndefined(path);
  if (info) {
    if (!info.isDirectory) throw new OutputPathError(`${flag}: ${path} is a file; name a folder`);
    return await probeWrite(`${path}/.sockspec-probe-${Deno.pid}`, flag);
  }
  for (let parent = dirname(path);; parent = dirname(parent)) {
    const found = await statOrUndefined(parent);
    if (found && !found.isDirectory) {
      throw new OutputPathError(`${flag}: cannot create ${path}: ${parent} is a file`);
    }
    if (found || parent === dirname(parent)) return;
  }
}
