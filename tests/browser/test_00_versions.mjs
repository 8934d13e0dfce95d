// The first test of every run: which Chromium and Playwright the results were obtained with.
import assert from 'node:assert/strict';
import { test, playwrightVersion, axeVersion, CHROMIUM } from './harness.mjs';

test('Chromium, Playwright and axe-core versions', async ({ browser }) => {
  const chromium = browser.version();
  console.log(`     Chromium ${chromium} (${CHROMIUM}), playwright-core ${playwrightVersion()}, ` +
    `axe-core ${axeVersion()}, Node ${process.version}`);
  assert.match(chromium, /^\d+\.\d+\.\d+\.\d+$/);
  assert.match(playwrightVersion(), /^1\.52\./);
  assert.match(axeVersion(), /^4\./);
});
