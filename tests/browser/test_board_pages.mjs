// The board's report pages in Chromium (issue 8 item 4): overview, daily grid, bar cycles, one
// cycle with its hourly chart, one product. A small data set is made through the API; each page
// is scanned with axe-core and screenshotted at desktop and phone width.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, screenshot, axeScan, PASSWORD, apiOk } from './harness.mjs';

const PILS = 1;
const COLA = 2;

const api = apiOk;

async function makeData(server) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-board-')), 'products.json');
  fs.writeFileSync(file, JSON.stringify([
    { model: 'purchase.product', pk: PILS, fields: { name: 'Pils', price: 2.5, color: '#FFCC00', active: true, image: '' } },
    { model: 'purchase.product', pk: COLA, fields: { name: 'Cola', price: 1.75, color: '#AA0000', active: true, image: '' } },
    { model: 'purchase.category', pk: 7, fields: { name: 'Bier', description: '', products: [PILS] } },
  ]));
  server.cli(['loaddata', file]);
  const tapper = (await api(server, 'POST', '/api/login/', { username: 'tapper', password: PASSWORD })).access;
  const alice = (await api(server, 'POST', '/api/login/', { username: 'alice', password: PASSWORD })).user.holder;
  const report = (action, cash) => api(server, 'POST', '/api/reports/',
    { action, total_cash: cash, flow_meter1: 1000, flow_meter2: 2000, comment: '' }, tapper);
  const cycle = (await report('open', 100)).barcycle;
  await api(server, 'POST', '/api/walletupgrades/', { amount: 20, refund: false, cash: true, pin: false, comment: '', holder: { id: alice } }, tapper);
  await api(server, 'POST', '/api/purchases/', { orders: [{ product: PILS, quantity: 2 }], balance: true, buyer: alice }, tapper);
  await api(server, 'POST', '/api/purchases/', { orders: [{ product: COLA, quantity: 3 }], cash: true }, tapper);
  await api(server, 'POST', '/api/purchases/', { orders: [{ product: PILS, quantity: 1 }], pin: true }, tapper);
  await api(server, 'POST', '/api/walletupgrades/', { amount: 3, refund: true, cash: true, comment: 'vertrekt', holder: { id: alice } }, tapper);
  await report('middle', 110);
  await report('close', 125);
  return cycle;
}

test('the board pages render their figures, pass axe and print their chart', async ({ newPage }) => {
  const server = await startServer({
    users: [
      { username: 'admin', superuser: true },
      { username: 'board', groups: ['Bestuur'] },
      { username: 'tapper', groups: ['Tapper'], personnel: 'tap' },
      { username: 'alice' },
    ],
  });
  const cycle = await makeData(server);
  const page = await newPage();
  // The login form's fields by name (their ids come from the page kit's field_view).
  await page.goto(server.url('/login/'));
  await page.fill('input[name="username"]', 'board');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.press('input[name="password"]', 'Enter')]);
  const pages = [
    ['board-overview', '/board/'],
    ['board-daily', '/board/daily/'],
    ['board-daily-items-month', '/board/daily/?per=month&measure=items'],
    ['board-cycles', '/board/cycles/'],
    ['board-cycle', `/board/cycles/${cycle}/`],
    ['board-product', `/board/products/${PILS}/`],
  ];
  for (const [name, p] of pages) {
    const r = await page.goto(server.url(p));
    assert.equal(r.status(), 200, p);
    await axeScan(page);
    await screenshot(page, name);
  }
  // The overview's total and the reconciliation check.
  await page.goto(server.url('/board/'));
  assert.match(await page.textContent('#overview-sales tfoot'), /€ ?12[.,]75/);  // 5 + 5.25 + 2.50 (Chromium asks for English)
  assert.match(await page.textContent('#reconciliation-status'), /Balances|Sluit aan/);
  // The cycle's chart is drawn by Chart.js from the data attribute (no inline script).
  await page.goto(server.url(`/board/cycles/${cycle}/`));
  await page.waitForFunction(() => window.Chart && window.Chart.getChart('cycle-hours-chart'));
  const bars = await page.evaluate(() => window.Chart.getChart('cycle-hours-chart').data.datasets
    .map((d) => d.data.reduce((a, b) => a + b, 0)));
  assert.deepEqual(bars, [5, 5.25, 2.5]);  // wallet, cash, PIN over the cycle's hours
  // A bad date: the error beside the field, status 422.
  const bad = await page.goto(server.url('/board/?start=2026-02-30'));
  assert.equal(bad.status(), 422);
  assert.match(await page.textContent('#filter-start-error'), /valid date|geldige datum/);
  await screenshot(page, 'board-overview-bad-date');
  // Printing hides the navigation and the filters.
  await page.goto(server.url('/board/'));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.mamon-filter'), false);
  assert.equal(await page.isVisible('.mamon-navbar'), false);
  await page.emulateMedia({ media: 'screen' });
});
