// The run page's load in headless Chromium, for bin/bench-console (ConsoleBenchmark): signs in once,
// then opens the run page LOADS times (a warm-up load first, not counted) and times each from the
// navigation's start to the diagram rendered by bpmn-js and marked (#diagram[data-marked]), and to
// the HTML's DOMContentLoaded. Prints p50, p90, max in ms.
//
//   CONSOLE_URL=... RUN_ID=... ADMIN_USER=... ADMIN_PASSWORD=... LOADS=20 node tools/console-ui/bench-run-page.mjs
//
// The browser is Debian's /usr/bin/chromium (CHROMIUM overrides it).
import { chromium } from 'playwright-core';

const base = need('CONSOLE_URL');
const runId = need('RUN_ID');
const loads = Number(process.env.LOADS || '20');

function need(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`bench-run-page: expected ${name} in the environment, but it is not set`);
    process.exit(2);
  }
  return value;
}

function summary(label, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)];
  console.log(`${label.padEnd(34)} ${at(0.5).toFixed(1).padStart(8)} ${at(0.9).toFixed(1).padStart(8)} ${sorted[sorted.length - 1].toFixed(1).padStart(8)}`);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', need('ADMIN_USER'));
  await page.fill('input[name=password]', need('ADMIN_PASSWORD'));
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const marked = [];
  const html = [];
  for (let i = 0; i <= loads; i++) {
    await page.goto('about:blank');
    const begin = Date.now();
    await page.goto(`${base}/runs/${encodeURIComponent(runId)}`, { waitUntil: 'domcontentloaded' });
    const loaded = Date.now();
    await page.waitForSelector('#diagram[data-marked]', { timeout: 30000 });
    const done = Date.now();
    const count = await page.$eval('#diagram', d => d.dataset.marked);
    if (Number(count) < 1) {
      throw new Error(`Expected the diagram to mark elements, but it marked ${count}`);
    }
    if (i > 0) {
      html.push(loaded - begin);
      marked.push(done - begin);
    }
  }
  console.log(`${'browser (Chromium), run page'.padEnd(34)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'max ms'.padStart(8)}   (${loads} loads after a warm-up)`);
  summary('  to DOMContentLoaded', html);
  summary('  to diagram rendered and marked', marked);
} finally {
  await browser.close();
}
