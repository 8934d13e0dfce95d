// The POS sale round trip in Chromium (bench/pos.sh, issue 12): one headless Chromium with one
// browser context per tablet (1024x768, locale nl-NL), each signed in through /login/?next=/pos/ as
// its own bar-staff user; then all tablets at once make their cash sales: a tap on a product tile,
// a tap on #pos-pay-cash, and the wait for #pos-banner to show the sale.
//
// Measured in the page itself (performance.now(), so neither Node nor the DevTools protocol is in
// the figure): from a capture-phase click listener on the pay button (before pos.js's own handler
// sends the request) to the MutationObserver callback on #pos-banner that sees the "sold" text
// (pos.msg.sold up to its first placeholder, read from the page's #pos-texts) on a success banner.
// The server part is the Resource Timing entry of each POST /api/purchases/ (responseEnd -
// requestStart: the request leaving the browser to the last byte of the answer). The CSP forbids
// eval, so there is no page.waitForFunction: page.evaluate of a function is not subject to it.
//
// Phases: log-ins one tablet after the other; BENCH_POS_WARMUP sales per tablet, all tablets at
// once, not counted; then the rest of BENCH_POS_SALES, all tablets at once, counted, with the wall
// time of that phase for sales/s. A sale whose banner does not show within BENCH_POS_SALE_MS is a
// failure and that tablet stops (its remaining sales are not made).
//
// Environment (set by bench/pos.sh): BENCH_POS_URL, BENCH_POS_TABLETS, BENCH_POS_SALES,
// BENCH_POS_WARMUP, BENCH_POS_USER_PREFIX (users PREFIX1..PREFIXn), BENCH_POS_PASSWORD,
// BENCH_POS_PRODUCTS (comma-separated product ids, all in the first category tab),
// BENCH_POS_PID_FILE (gets "node=<pid> browser=<pid>" so the shell can stop them whatever
// happens), BENCH_POS_SAMPLES (a file for every counted sale's figures), MAMON_CHROMIUM.
// Output: progress on stderr, then one line on stdout:
//   BENCH_POS_RESULT tablets=N counted=N made=N failed=N rt_p50=… rt_p90=… rt_p99=… rt_max=…
//     server_p50=… server_p99=… server_n=N sales_per_s=… wall_ms=…
// Exit status 0 when every sale showed its banner, 1 when one did not, 2 on a set-up error.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const env = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') {
    if (fallback === undefined) throw new Error(`bench pos: ${name} is not set`);
    return fallback;
  }
  return v;
};
const BASE = env('BENCH_POS_URL');
const TABLETS = Number(env('BENCH_POS_TABLETS'));
const SALES = Number(env('BENCH_POS_SALES'));
const WARMUP = Number(env('BENCH_POS_WARMUP', '2'));
const USER_PREFIX = env('BENCH_POS_USER_PREFIX');
const PASSWORD = env('BENCH_POS_PASSWORD');
const PRODUCTS = env('BENCH_POS_PRODUCTS').split(',').map(Number);
const PID_FILE = env('BENCH_POS_PID_FILE');
const SAMPLES_FILE = env('BENCH_POS_SAMPLES');
const CHROMIUM = env('MAMON_CHROMIUM', '/usr/bin/chromium');
const SALE_MS = Number(env('BENCH_POS_SALE_MS', '5000'));   // a sale's bound, tap to banner
const STEP_MS = 15000;                                       // a log-in step, a tap's actionability
const RUN_MS = Number(env('BENCH_POS_RUN_MS', '600000'));    // the whole run, a backstop

const log = (text) => process.stderr.write(`bench pos: ${text}\n`);

// The nearest-rank percentile of sorted numbers (the smallest value with at least q of them at or
// below it); "-" when there are none.
function percentile(sorted, q) {
  if (!sorted.length) return '-';
  const i = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1;
  return sorted[i].toFixed(1);
}

// Installed in each page once it is ready: the pay tap's time, the banner's sold time, and a way to
// wait for the Nth sale without polling from Node.
function installProbe([soldPrefix, bufferSize]) {
  performance.setResourceTimingBufferSize(bufferSize);
  const probe = { t0: null, sold: [], wake: null, other: [] };
  window.__posBench = probe;
  document.addEventListener('click', (event) => {
    const target = event.target;
    if (target instanceof Element && target.closest('#pos-pay-cash')) probe.t0 = performance.now();
  }, true);
  const box = document.getElementById('pos-banner');
  new MutationObserver(() => {
    if (probe.t0 === null) return;
    const text = box.textContent || '';
    if (!box.classList.contains('is-success') || !text.includes(soldPrefix)) {
      probe.other.push(text);
      return;
    }
    probe.sold.push(performance.now() - probe.t0);
    probe.t0 = null;
    if (probe.wake) probe.wake();
  }).observe(box, { childList: true, characterData: true, subtree: true });
}

// Resolves to the round trip of sale number `count` in ms once the page has recorded it (it may
// have before this call: the caller checks it against the bound), or null saleMs after the tap.
function waitForSale([count, saleMs]) {
  const probe = window.__posBench;
  return new Promise((resolve) => {
    if (probe.sold.length >= count) { resolve(probe.sold[count - 1]); return; }
    const since = probe.t0 === null ? 0 : performance.now() - probe.t0;
    const timer = setTimeout(() => { probe.wake = null; resolve(null); }, Math.max(0, saleMs - since));
    probe.wake = () => {
      if (probe.sold.length < count) return;
      clearTimeout(timer);
      probe.wake = null;
      resolve(probe.sold[count - 1]);
    };
  });
}

// Every POST /api/purchases/ of the page, oldest first: responseEnd - requestStart in ms.
function purchaseTimings() {
  return performance.getEntriesByType('resource')
    .filter((e) => e.initiatorType === 'fetch' && new URL(e.name).pathname === '/api/purchases/')
    .sort((a, b) => a.startTime - b.startTime)
    .map((e) => (e.requestStart > 0 ? e.responseEnd - e.requestStart : null));
}

async function openTablet(browser, index) {
  const username = `${USER_PREFIX}${index + 1}`;
  const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  const tablet = { index, username, context, page, made: 0, failure: null, errors: [] };
  page.on('pageerror', (err) => tablet.errors.push(String(err)));
  await page.goto(`${BASE}/login/?next=${encodeURIComponent('/pos/')}`);
  await page.fill('form input[name="username"]', username);
  await page.fill('form input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL('**/pos/'), page.press('form input[name="password"]', 'Enter')]);
  await page.waitForSelector('#pos.is-ready');
  const soldTemplate = await page.getAttribute('#pos-texts', 'data-sold');
  const soldPrefix = (soldTemplate || '').split('{')[0].trim();
  if (!soldPrefix) throw new Error('no pos.msg.sold text on the page');
  await page.evaluate(installProbe, [soldPrefix, SALES + 100]);
  tablet.soldPrefix = soldPrefix;
  return tablet;
}

// Sales number `from` up to (not including) `to` of one tablet; stops at its first failure.
async function sell(tablet, from, to) {
  const { page } = tablet;
  const pay = page.locator('#pos-pay-cash');
  for (let n = from; n < to && !tablet.failure; n += 1) {
    const product = PRODUCTS[(tablet.index + n) % PRODUCTS.length];
    try {
      await page.locator(`[data-product="${product}"]:visible`).click();
      await pay.click();
      const roundTripMs = await page.evaluate(waitForSale, [n + 1, SALE_MS]);
      if (roundTripMs === null || roundTripMs > SALE_MS) {
        const text = await page.textContent('#pos-banner').catch(() => '?');
        tablet.failure = `sale ${n + 1}: no sold banner within ${SALE_MS} ms` +
          (roundTripMs === null ? '' : ` (it came after ${roundTripMs.toFixed(0)} ms)`) +
          ` (banner: "${(text || '').trim()}")`;
        return;
      }
      tablet.made += 1;
    } catch (err) {
      tablet.failure = `sale ${n + 1}: ${err.message.split('\n')[0]}`;
      return;
    }
  }
}

async function main() {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  fs.writeFileSync(PID_FILE, `node=${process.pid} browser=${server.process().pid}\n`);
  let browser = null;
  const backstop = setTimeout(() => {
    log(`the run took longer than ${RUN_MS} ms; stopping`);
    server.kill().finally(() => process.exit(1));
  }, RUN_MS);
  try {
    browser = await chromium.connect(server.wsEndpoint());
    const tablets = [];
    for (let i = 0; i < TABLETS; i += 1) {
      try {
        tablets.push(await openTablet(browser, i));
      } catch (err) {
        log(`tablet ${i + 1} (${USER_PREFIX}${i + 1}) could not open the POS: ${err.message.split('\n')[0]}`);
        return 2;
      }
    }
    log(`${TABLETS} tablets ready ("${tablets[0].soldPrefix}"); ${WARMUP} warm-up sales each`);
    await Promise.all(tablets.map((t) => sell(t, 0, WARMUP)));
    log(`${SALES - WARMUP} counted sales each, all tablets at once`);
    const t0 = performance.now();
    await Promise.all(tablets.map((t) => sell(t, WARMUP, SALES)));
    const wallMs = performance.now() - t0;

    const roundTrips = [];
    const serverParts = [];
    const samples = ['tablet\tsale\tround_trip_ms\tserver_ms'];
    for (const t of tablets) {
      // A banner that came after its sale's bound is in `sold` too: only the sales made count.
      const sold = (await t.page.evaluate(() => window.__posBench.sold)).slice(0, t.made);
      const timings = await t.page.evaluate(purchaseTimings);
      for (let n = WARMUP; n < sold.length; n += 1) {
        roundTrips.push(sold[n]);
        const part = timings[n];
        if (typeof part === 'number') serverParts.push(part);
        samples.push(`${t.index + 1}\t${n + 1}\t${sold[n].toFixed(2)}\t${typeof part === 'number' ? part.toFixed(2) : '-'}`);
      }
      if (timings.length !== t.made && !t.failure) {
        log(`tablet ${t.index + 1}: ${timings.length} POST /api/purchases/ timings for ${t.made} sales`);
      }
      const other = await t.page.evaluate(() => window.__posBench.other);
      if (other.length) log(`tablet ${t.index + 1}: other banners after a pay tap: ${JSON.stringify(other.slice(0, 3))}`);
      if (t.errors.length) log(`tablet ${t.index + 1}: page errors: ${t.errors.slice(0, 3).join('; ')}`);
      if (t.failure) log(`tablet ${t.index + 1} (${t.username}) FAILED: ${t.failure}`);
    }
    fs.writeFileSync(SAMPLES_FILE, samples.join('\n') + '\n');
    roundTrips.sort((a, b) => a - b);
    serverParts.sort((a, b) => a - b);
    const made = tablets.reduce((sum, t) => sum + t.made, 0);
    const failed = tablets.filter((t) => t.failure).length;
    const result = {
      tablets: TABLETS, counted: roundTrips.length, made, failed,
      rt_p50: percentile(roundTrips, 0.5), rt_p90: percentile(roundTrips, 0.9),
      rt_p99: percentile(roundTrips, 0.99), rt_max: percentile(roundTrips, 1),
      server_p50: percentile(serverParts, 0.5), server_p99: percentile(serverParts, 0.99),
      server_n: serverParts.length,
      sales_per_s: wallMs > 0 ? (roundTrips.length / (wallMs / 1000)).toFixed(1) : '-',
      wall_ms: wallMs.toFixed(0),
    };
    console.log('BENCH_POS_RESULT ' + Object.entries(result).map(([k, v]) => `${k}=${v}`).join(' '));
    return failed ? 1 : 0;
  } finally {
    clearTimeout(backstop);
    if (browser) await browser.close().catch(() => {});
    await server.close().catch(() => {});
  }
}

main().then((status) => { process.exitCode = status; }, (err) => {
  log(`set-up error: ${err.stack || err}`);
  process.exitCode = 2;
});
