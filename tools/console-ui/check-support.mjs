// What the console's browser checks share: their environment, their checks and their Chromium.
import { chromium } from 'playwright-core';

/** A variable the check cannot run without; a missing one ends the script with exit 2. */
export function need(script, name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${script}: expected ${name} in the environment, but it is not set`);
    process.exit(2);
  }
  return value;
}

/** A check that held prints "ok: ..."; one that did not throws, naming what was found. */
export function check(condition, what, found) {
  if (!condition) {
    throw new Error(`Expected ${what}, but ${found}`);
  }
  console.log(`ok: ${what}`);
}

/** Debian's /usr/bin/chromium (CHROMIUM overrides it), headless, with a fresh profile per launch. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // The machine has no network but package registries: keep Chromium from calling home.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
