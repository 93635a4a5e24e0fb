/**
 * Opens HTML reports in headless Chromium (Debian's `chromium`, driven by puppeteer-core), for the
 * report's tests and for measuring how fast a page opens. Nothing is downloaded: the browser is
 * the one installed on the machine.
 *
 * @module
 */
import puppeteer, { type Browser } from "puppeteer-core";

/** Where Debian installs Chromium (.ci/run installs the `chromium` package). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** A headless Chromium with its own profile folder, removed on close. */
export interface HeadlessChromium extends AsyncDisposable {
  browser: Browser;
}

/**
 * Starts headless Chromium with a fresh profile and no background network activity (no QUIC,
 * no component updates, no sync). Dispose of it (`await using`) to stop it and remove the
 * profile.
 *
 * @throws {Error} When Chromium is not installed at {@linkcode CHROMIUM_PATH}.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  try {
    await Deno.stat(CHROMIUM_PATH);
  } catch {
    throw new Error(
      `Expected Chromium at ${CHROMIUM_PATH} (Debian package chromium, installed by .ci/run)`,
    );
  }
  const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
      ],
    });
  } catch (error) {
    await Deno.remove(profile, { recursive: true });
    throw error;
  }
  return {
    browser,
    async [Symbol.asyncDispose]() {
      await browser.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}
