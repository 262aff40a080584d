#!/usr/bin/env node
// Keyboard and click check of the offline slides from `teach --export html`.
//
// Usage: node tests/tools/html_keys.mjs FILE.html
//
// Drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) with puppeteer-core, pinned
// in tests/tools/html/package-lock.json; puppeteer-core never downloads a browser. It
// installs that package itself (`npm ci`, npm registry only) when
// tests/tools/html/node_modules is missing, then runs itself again inside a new network
// namespace (`unshare -n`, root as in CI), so the page runs with no network at all; the
// browser is reached over a pipe, not a port.
//
// Checks, against a model of what each key should do (forward first reveals the next
// hidden .reveal on the slide, then moves on; back hides again, last first, then moves
// back): exactly one slide is visible, the right one; the right .reveal elements show;
// the address ends in #sN and the progress reads "N / total" — after every press of
// →, PageDown, Space, Enter, n through the whole deck and ←, PageUp, Backspace, p all the
// way back; End and Home; a click on the right and the left half; #s3 honoured on load;
// printed, every slide shows and every .reveal with it. No script error may occur.
// Every step is bounded; the browser is always closed. Prints `html_keys: N passed,
// N failed`; exits 0 when all pass, 1 when a check fails, 2 on bad usage or setup.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const PKG_DIR = join(HERE, "html");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OVERALL_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 20_000;

function setupFail(message) {
  console.error(`html_keys: ${message}`);
  process.exit(2);
}

const file = process.argv[2];
if (!file || process.argv.length > 3) setupFail("usage: node tests/tools/html_keys.mjs FILE.html");
if (!existsSync(file)) setupFail(`no such file: ${file}`);
if (!existsSync(CHROMIUM)) setupFail(`no browser at ${CHROMIUM}: apt-get update && apt-get install -y chromium`);

// 1. The pinned puppeteer-core, installed from the lockfile if need be (this needs the
//    registry, so it happens before the network goes away).
if (!existsSync(join(PKG_DIR, "node_modules", "puppeteer-core"))) {
  console.log(`html_keys: installing the pinned puppeteer-core (npm ci --prefix ${PKG_DIR})`);
  const done = spawnSync("npm", ["ci", "--prefix", PKG_DIR, "--no-audit", "--no-fund", "--loglevel=error"], {
    stdio: "inherit",
    timeout: 600_000,
  });
  if (done.status !== 0) setupFail(`npm ci failed (${done.error || "exit " + done.status})`);
}

// 2. No network: run again inside a new network namespace, unless already in one (there
//    only the loopback interface exists, and it is down).
const outside = Object.values(networkInterfaces())
  .flat()
  .filter((i) => !i.internal);
if (outside.length && !process.env.BOUNDCHECK_HTML_KEYS_ISOLATED) {
  const again = spawnSync("unshare", ["-n", process.execPath, fileURLToPath(import.meta.url), file], {
    stdio: "inherit",
    timeout: OVERALL_TIMEOUT_MS + 30_000,
    env: { ...process.env, BOUNDCHECK_HTML_KEYS_ISOLATED: "1" },
  });
  if (again.error) setupFail(`cannot run under unshare -n: ${again.error.message}`);
  if (again.status === null) setupFail(`the isolated run was stopped (${again.signal})`);
  process.exit(again.status);
}
if (outside.length) setupFail("still on the network inside unshare -n; refusing to run");
console.log("html_keys: running with no network (unshare -n), the browser over a pipe");

const require = createRequire(join(PKG_DIR, "package.json"));
const puppeteer = require("puppeteer-core");

let passed = 0;
let failed = 0;
function check(name, problems) {
  if (problems.length) {
    failed++;
    console.log(`FAIL ${name}:\n  ${problems.join("\n  ")}`);
  } else {
    passed++;
    console.log(`ok   ${name}`);
  }
}

// What the page shows now: the visible slides, which .reveal elements of each are
// visible, the address fragment and the progress text.
async function observe(page) {
  return page.evaluate(() => {
    const slides = [...document.querySelectorAll("#deck .slide")];
    return {
      visible: slides.map((s, i) => (getComputedStyle(s).display !== "none" ? i : -1)).filter((i) => i >= 0),
      reveals: slides.map((s) =>
        [...s.querySelectorAll(".reveal")].map((r) => getComputedStyle(r).visibility === "visible")
      ),
      hash: location.hash,
      progress: (document.getElementById("progress") || {}).textContent || "",
    };
  });
}

// The expected state: slide i, and how many of each slide's reveals are shown.
function compare(seen, model, total) {
  const problems = [];
  if (seen.visible.length !== 1 || seen.visible[0] !== model.i)
    problems.push(`visible slides ${JSON.stringify(seen.visible.map((i) => i + 1))}, want [${model.i + 1}]`);
  const want = model.shown[model.i];
  const got = seen.reveals[model.i] || [];
  const gotCount = got.filter(Boolean).length;
  if (gotCount !== want || got.some((v, k) => v !== k < want))
    problems.push(`on slide ${model.i + 1}, reveals visible ${JSON.stringify(got)}, want the first ${want} of ${got.length}`);
  if (seen.hash !== `#s${model.i + 1}`) problems.push(`address ends in ${JSON.stringify(seen.hash)}, want "#s${model.i + 1}"`);
  if (seen.progress.trim() !== `${model.i + 1} / ${total}`)
    problems.push(`progress reads ${JSON.stringify(seen.progress)}, want "${model.i + 1} / ${total}"`);
  return problems;
}

function forward(model, counts) {
  if (model.shown[model.i] < counts[model.i]) model.shown[model.i]++;
  else if (model.i < counts.length - 1) model.i++;
}

function back(model) {
  if (model.shown[model.i] > 0) model.shown[model.i]--;
  else if (model.i > 0) model.i--;
}

const profile = mkdtempSync(join(tmpdir(), "boundcheck-html-keys-"));
let browser;
const overall = setTimeout(() => {
  console.error(`html_keys: FAIL not finished within ${OVERALL_TIMEOUT_MS / 1000} s`);
  if (browser) browser.process()?.kill("SIGKILL");
  rmSync(profile, { recursive: true, force: true });
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

try {
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true, // talk over fds, not a port: no network is needed, not even loopback
    userDataDir: profile,
    timeout: STEP_TIMEOUT_MS,
    protocolTimeout: STEP_TIMEOUT_MS,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.setViewport({ width: 1280, height: 720 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(`script error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));

  const url = pathToFileURL(resolve(file)).href;
  await page.goto(url, { waitUntil: "load" });
  const counts = await page.evaluate(() =>
    [...document.querySelectorAll("#deck .slide")].map((s) => s.querySelectorAll(".reveal").length)
  );
  const total = counts.length;
  const reveals = counts.reduce((a, b) => a + b, 0);
  if (total < 2) throw new Error(`the deck has ${total} slide(s); the check needs at least 2`);
  const model = { i: 0, shown: counts.map(() => 0) };

  check(`on load: slide 1 of ${total}, nothing revealed`, compare(await observe(page), model, total));

  // Forward through the whole deck, then back to the start, one key after another.
  const FORWARD = ["ArrowRight", "PageDown", "Space", "Enter", "n"];
  const BACK = ["ArrowLeft", "PageUp", "Backspace", "p"];
  const presses = total - 1 + reveals;
  let problems = [];
  for (let k = 0; k < presses && !problems.length; k++) {
    const key = FORWARD[k % FORWARD.length];
    await page.keyboard.press(key);
    forward(model, counts);
    problems = compare(await observe(page), model, total).map((p) => `after ${key} (press ${k + 1}): ${p}`);
  }
  if (!problems.length && (model.i !== total - 1 || reveals === 0))
    problems.push(reveals ? "the model did not reach the end" : "no .reveal in the deck: nothing to reveal");
  // One more forward at the end changes nothing.
  if (!problems.length) {
    await page.keyboard.press("ArrowRight");
    problems = compare(await observe(page), model, total).map((p) => `after ArrowRight at the end: ${p}`);
  }
  check(`forward (${FORWARD.join(", ")}): ${reveals} reveals and ${total - 1} slides, in order`, problems);

  problems = [];
  for (let k = 0; k < presses && !problems.length; k++) {
    const key = BACK[k % BACK.length];
    await page.keyboard.press(key);
    back(model);
    problems = compare(await observe(page), model, total).map((p) => `after ${key} (press ${k + 1}): ${p}`);
  }
  if (!problems.length && model.i !== 0) problems.push("the model did not return to the start");
  check(`back (${BACK.join(", ")}): hides what was revealed, then the slide before`, problems);

  await page.keyboard.press("End");
  model.i = total - 1;
  problems = compare(await observe(page), model, total).map((p) => `after End: ${p}`);
  await page.keyboard.press("Home");
  model.i = 0;
  problems.push(...compare(await observe(page), model, total).map((p) => `after Home: ${p}`));
  check("End and Home: the last and the first slide", problems);

  await page.mouse.click(1280 * 0.8, 360);
  forward(model, counts);
  problems = compare(await observe(page), model, total).map((p) => `after a click on the right: ${p}`);
  await page.mouse.click(1280 * 0.2, 360);
  back(model);
  problems.push(...compare(await observe(page), model, total).map((p) => `after a click on the left: ${p}`));
  check("a click on the right half goes forward, on the left half back", problems);

  const target = Math.min(3, total);
  await page.goto("about:blank");
  await page.goto(`${url}#s${target}`, { waitUntil: "load" });
  const fresh = { i: target - 1, shown: counts.map(() => 0) };
  check(`#s${target} in the address opens slide ${target}`, compare(await observe(page), fresh, total));

  await page.emulateMediaType("print");
  const printed = await observe(page);
  problems = [];
  if (printed.visible.length !== total) problems.push(`printed, ${printed.visible.length} of ${total} slides show`);
  const hiddenWhenPrinted = printed.reveals.flat().filter((v) => !v).length;
  if (hiddenWhenPrinted) problems.push(`printed, ${hiddenWhenPrinted} .reveal elements stay hidden`);
  check("printed: every slide, everything revealed", problems);

  check("no script errors, no failed requests", errors);
} catch (e) {
  failed++;
  console.log(`FAIL ${e.message}`);
} finally {
  clearTimeout(overall);
  if (browser) {
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
    browser.process()?.kill("SIGKILL");
  }
  rmSync(profile, { recursive: true, force: true });
}

console.log(`html_keys: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
