// Drive code-server's workbench with headless Debian Chromium (playwright-core, no
// browser download): wait for golint-ai's squiggle, open the Problems panel, save a
// screenshot, let the probe extension apply the quick fix, and check the row goes away.
// Usage: NODE_PATH=vscode-ext/node_modules node problems_panel.js BASE_URL FOLDER OUT_DIR CONTINUE_FILE
const { chromium } = require("playwright-core");
const fs = require("fs");
const [base, folder, outDir, continueFile] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Only ever talk to the local code-server.
  await page.context().route("**/*", (r) => {
    const u = new URL(r.request().url());
    return ["127.0.0.1", "localhost"].includes(u.hostname) || ["data:", "blob:"].includes(u.protocol) ? r.continue() : r.abort();
  });
  const t0 = Date.now();
  const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const result = { rows: [], afterRows: null };
  try {
    await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
    await page.waitForSelector(".monaco-workbench", { timeout: 90000 });
    log("workbench loaded");
    // The probe extension opens leaky.go; golint-ai underlines the leak.
    await page.waitForSelector(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error", { timeout: 90000 });
    log("squiggle rendered in the editor");
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+Shift+M"); // View: Problems
    const row = page.locator(".markers-panel .monaco-list-row", { hasText: "GAI301" }).first();
    await row.waitFor({ timeout: 30000 });
    await page.waitForTimeout(300);
    result.rows = (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).map((r) => r.replace(/\s+/g, " ").trim());
    log("Problems panel rows:\n  " + result.rows.join("\n  "));
    await page.screenshot({ path: `${outDir}/problems_panel.png` });
    fs.writeFileSync(continueFile, "go");
    await page.locator(".markers-panel .monaco-list-row", { hasText: "GAI301" }).first().waitFor({ state: "detached", timeout: 60000 });
    await page.waitForTimeout(300);
    result.afterRows = (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).map((r) => r.replace(/\s+/g, " ").trim());
    log("problem cleared after the quick fix");
    await page.screenshot({ path: `${outDir}/problems_panel_after_fix.png` });
    console.log("RESULT " + JSON.stringify(result));
    console.log("OK");
  } catch (e) {
    await page.screenshot({ path: `${outDir}/problems_panel_failure.png` }).catch(() => {});
    console.log("RESULT " + JSON.stringify(result));
    console.log("FAIL: " + e.message);
    process.exitCode = 1;
  } finally {
    fs.writeFileSync(continueFile, "go"); // never leave the probe waiting
    await browser.close();
  }
})();
