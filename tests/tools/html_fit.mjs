#!/usr/bin/env node
// Do the exported slides fit a projector? For each FILE.html from `teach --export html`,
// with every .reveal shown, each slide's content must fit 1280x720 (no scrolling needed).
//
// Usage: node tests/tools/html_fit.mjs FILE.html...
//
// Uses the puppeteer-core pinned in tests/tools/html (run `npm ci --prefix tests/tools/html`
// first, or html_keys.mjs, which does) and Debian's /usr/bin/chromium (or $CHROMIUM); run it
// under `unshare -n` to keep it off the network. Prints `html_fit: N passed, N failed`;
// exits 0 when all pass, 1 when a slide overflows, 2 on bad usage or setup.

import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const PKG_DIR = join(HERE, "html");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const files = process.argv.slice(2);

function setupFail(message) {
  console.error(`html_fit: ${message}`);
  process.exit(2);
}
if (!files.length) setupFail("usage: node tests/tools/html_fit.mjs FILE.html...");
if (!existsSync(CHROMIUM)) setupFail(`no browser at ${CHROMIUM}: apt-get update && apt-get install -y chromium`);
if (!existsSync(join(PKG_DIR, "node_modules", "puppeteer-core")))
  setupFail(`no puppeteer-core: npm ci --prefix ${PKG_DIR}`);

const require = createRequire(join(PKG_DIR, "package.json"));
const puppeteer = require("puppeteer-core");
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  pipe: true,
  timeout: 20_000,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
let passed = 0;
let failed = 0;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  for (const file of files) {
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    const tall = await page.evaluate(() => {
      document.querySelectorAll(".reveal").forEach((r) => r.classList.add("shown"));
      const slides = [...document.querySelectorAll("#deck .slide")];
      const out = [];
      for (const s of slides) {
        slides.forEach((x) => x.classList.toggle("current", x === s));
        if (s.scrollHeight > s.clientHeight + 2)
          out.push(`slide ${slides.indexOf(s) + 1} (${s.dataset.kind}) is ${s.scrollHeight}px tall`);
      }
      return out;
    });
    if (tall.length) {
      failed++;
      console.log(`FAIL ${file}:\n  ${tall.join("\n  ")}`);
    } else {
      passed++;
      console.log(`ok   ${file}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`html_fit: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
