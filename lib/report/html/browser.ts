/**
 * Opens HTML reports in headless Chromium (Debian's `chromium`, driven by puppeteer-core), for the
 * report's tests and for measuring how fast a page opens. Nothing is downloaded: the browser is
 * the one installed on the machine.
 *
 * @module
 */
import puppeteer, { type Browser, type Page } from "puppeteer-core";

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

/** A page opened by {@linkcode openOffline}, with what it tried that a report must not. */
export interface OfflinePage {
  page: Page;
  /** URLs the page asked for besides its own file (each aborted). */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

/**
 * Opens the HTML file at `path` in a new page of `browser` at a viewport of `width` x `height`
 * px, aborting and noting every request but the file's own, and noting console errors.
 */
export async function openOffline(
  browser: Browser,
  path: string,
  viewport: { width: number; height: number },
): Promise<OfflinePage> {
  const page = await browser.newPage();
  const url = `file://${path}`;
  const requests: string[] = [];
  const errors: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url() === url) return void request.continue();
    requests.push(request.url());
    void request.abort();
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.setViewport(viewport);
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, errors };
}
