// Drives Debian's chromium (headless, through puppeteer-core; no browser is downloaded) against a running API: signs
// in on the observation board page with a pasted token, waits for the patient's chair, posts a reading that raises
// an alert (as a nurse's tablet would, outside the page), and waits for the chair to turn red. Saves a screenshot.
// Used by tests/ClinicOps.Api.Tests/Board/BoardBrowserTests.cs.
// Usage: node board-test.mjs <config.json>   with { baseUrl, chromium, stationToken, siteId, chairId, nurseToken, sessionId, reading, screenshot }
// Prints JSON: { before, after, csp, consoleErrors, requests } and exits 0 (the test judges).
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const bound = 60_000; // an upper bound on waiting, not a timing assertion
const browser = await puppeteer.launch({
  executablePath: config.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const result = { consoleErrors: [], requests: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 560 });
  page.on("console", (m) => m.type() === "error" && result.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => result.consoleErrors.push(String(e)));
  page.on("request", (r) => result.requests.push(r.url()));
  const response = await page.goto(`${config.baseUrl}/board/`, { waitUntil: "load", timeout: bound });
  result.csp = response.headers()["content-security-policy"] ?? null;

  await page.type("#token", config.stationToken);
  await page.click("#site"); // leaving the token field fills in the token's site
  result.prefilledSite = await page.$eval("#site", (e) => e.value);
  await page.click("button[type=submit]");
  const chair = `[data-chair="${config.chairId}"]`;
  await page.waitForSelector(`${chair}[data-state="monitoring"]`, { timeout: bound });
  result.before = await page.$eval(chair, (e) => ({ state: e.dataset.state, text: e.innerText, background: getComputedStyle(e).backgroundColor }));

  const posted = await fetch(`${config.baseUrl}/api/v1/sessions/${config.sessionId}/vitals`, {
    method: "POST",
    headers: { Authorization: `Bearer ${config.nurseToken}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    body: JSON.stringify(config.reading),
  });
  result.posted = posted.status;

  await page.waitForSelector(`${chair}[data-state="alert"]`, { timeout: bound });
  result.after = await page.$eval(chair, (e) => ({ state: e.dataset.state, text: e.innerText, background: getComputedStyle(e).backgroundColor }));
  await page.screenshot({ path: config.screenshot, fullPage: true });
} catch (error) {
  result.error = String(error?.stack ?? error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
