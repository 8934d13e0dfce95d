// The browser-test runner (plain Node, no framework): node run.mjs [FILE...]
//
// Without arguments it runs every test_*.mjs in this folder, in name order; with arguments only
// those files. MAMON_BROWSER_GREP=<substring> keeps only the tests whose name contains it.
// All tests share one Chromium; each test gets fresh browser contexts (no cookies carried over)
// through ctx.newPage(), closed after the test. Servers started with startServer() are stopped
// at the end of the run (or by the test itself), also after a failure or a signal.
//
// Output: one line per test (ok / FAIL with the error), then `N passed, N failed` alone on the
// last line. Exit status 1 when a test failed, teardown failed or no test ran.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as h from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function testFiles(argv) {
  if (argv.length) return argv.map((f) => path.resolve(f));
  return fs.readdirSync(here).filter((f) => /^test_.*\.mjs$/.test(f)).sort()
    .map((f) => path.join(here, f));
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTest(browser, t) {
  const contexts = [];
  const ctx = {
    browser,
    // A page in a fresh context; options are Playwright's newContext options (desktop viewport
    // by default).
    async newPage(options = {}) {
      const context = await browser.newContext({ viewport: h.VIEWPORTS.desktop, ...options });
      contexts.push(context);
      return context.newPage();
    },
  };
  try {
    await withTimeout(Promise.resolve().then(() => t.fn(ctx)), t.timeoutMs, `test "${t.name}"`);
  } catch (err) {
    // A picture of every page still open: what the test saw when it failed.
    for (const [i, context] of contexts.entries()) {
      for (const [j, page] of context.pages().entries()) {
        await page.screenshot({
          path: path.join(h.SCREENSHOT_DIR, `FAILED-${t.name.replace(/\W+/g, '-')}-${i}-${j}.png`),
          fullPage: true, timeout: 5000,
        }).catch(() => {});
      }
    }
    throw err;
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
  }
}

async function main() {
  if (!fs.existsSync(path.join(here, 'node_modules', 'playwright-core'))) {
    console.log(`FAIL no node_modules in ${here}: run \`npm ci --no-audit --no-fund\` there first`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  let passed = 0;
  let failed = 0;
  let browser = null;
  const fail = (what, err) => {
    failed += 1;
    console.log(`FAIL ${what}\n${String(err && err.stack ? err.stack : err).replace(/^/gm, '    ')}`);
  };
  const onSignal = (sig) => {
    h.killAllServersNow();
    h.stopAllFakes();
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => { h.killAllServersNow(); h.stopAllFakes(); });

  try {
    for (const file of testFiles(process.argv.slice(2))) {
      h._setCurrentFile(path.basename(file));
      await import(pathToFileURL(file).href);
    }
    const grep = process.env.MAMON_BROWSER_GREP || '';
    const tests = h._registeredTests().filter((t) => t.name.includes(grep));
    if (tests.length) {
      fs.mkdirSync(h.SCREENSHOT_DIR, { recursive: true });
      browser = await h.launchBrowser();
    }
    for (const t of tests) {
      const started = Date.now();
      try {
        await runTest(browser, t);
        passed += 1;
        console.log(`ok   ${t.file} > ${t.name} (${Date.now() - started} ms)`);
      } catch (err) {
        fail(`${t.file} > ${t.name} (${Date.now() - started} ms)`, err);
      }
    }
  } catch (err) {
    fail('the run itself', err);
  } finally {
    if (browser) await browser.close().catch((err) => fail('closing Chromium', err));
    for (const err of await h.stopAllServers()) fail('stopping a server', err);
    h.stopAllFakes();
  }
  if (passed + failed === 0) console.log('no test ran');
  console.log(`${passed} passed, ${failed} failed`);
  // Exit explicitly: a stray handle (a child's pipe) must not keep a finished run waiting.
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

await main();
