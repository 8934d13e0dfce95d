// Flow meters against sales in Chromium (issue 12): a board member configures meter 1 on
// /manage/stock/ (the pils keg at 400 readings per litre), a bad scale is refused next to its
// field, a bar cycle runs through the API (3 glasses and a pitcher: 2,250 l sold; the meter went
// from 10000 to 11000: 2,500 l poured), and the cycle page shows the flow-meter table with the
// 10 % shrinkage flagged (FLOW_SHRINKAGE_WARN_PERCENT=5). Both pages pass axe and are saved at
// desktop and phone width (flow-meters-*.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, screenshot, axeScan, login, PASSWORD, apiOk } from './harness.mjs';

const KEG = 1;
const GLASS = 301;
const PITCHER = 302;

const api = apiOk;

function loadStock(server) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-flow-')), 'stock.json');
  const product = (pk, name, price, units) => ({
    model: 'inventory.product', pk,
    fields: { name, price, color: '#FFCC00', active: true, image: 'products/default.png', units, master_stock: KEG, grootboek_waarde: null },
  });
  fs.writeFileSync(file, JSON.stringify([
    { model: 'inventory.stock', pk: KEG, fields: { name: 'Pils fust', quantity: 50, units: 'liters', description: '' } },
    { model: 'inventory.stock', pk: 2, fields: { name: 'Wijn', quantity: 10, units: 'liters', description: '' } },
    product(GLASS, 'Pils', 2.5, 0.25),
    product(PITCHER, 'Pitcher', 12, 1.5),
  ]));
  server.cli(['loaddata', file]);
}

async function runCycle(server) {
  const tapper = (await api(server, 'POST', '/api/login/', { username: 'tapper', password: PASSWORD })).access;
  const report = (action, meter1, meter2) => api(server, 'POST', '/api/reports/',
    { action, total_cash: 0, flow_meter1: meter1, flow_meter2: meter2, comment: '' }, tapper);
  const cycle = (await report('open', 10000, 500)).barcycle;
  await api(server, 'POST', '/api/purchases/', { orders: [{ product: GLASS, quantity: 3 }], cash: true }, tapper);
  await api(server, 'POST', '/api/purchases/', { orders: [{ product: PITCHER, quantity: 1 }], cash: true }, tapper);
  await report('close', 11000, 730);
  return cycle;
}

test('flow meters: configure a meter, see poured against sold on the cycle page', async ({ newPage }) => {
  const server = await startServer({
    users: [
      { username: 'bestuur', groups: ['Bestuur'] },
      { username: 'tapper', groups: ['Tapper'], personnel: 'tap' },
    ],
    extraEnv: { FLOW_SHRINKAGE_WARN_PERCENT: '5' },
  });
  loadStock(server);
  const page = await newPage({ locale: 'nl-NL' });
  await login(page, server, 'bestuur', PASSWORD, { next: '/manage/stock/' });

  // A scale of 0 is refused next to its field, the choice kept.
  await page.selectOption('#field-meter1-stock_item_id', String(KEG));
  await page.fill('#field-meter1-readings_per_litre', '0');
  await Promise.all([page.waitForNavigation(), page.click('#flow-meter-1 button[type=submit]')]);
  assert.match(await page.textContent('#field-meter1-readings_per_litre-error'), /geheel getal/);
  assert.equal(await page.inputValue('#field-meter1-stock_item_id'), String(KEG));
  await axeScan(page);
  await screenshot(page, 'flow-meters-error');

  await page.fill('#field-meter1-readings_per_litre', '400');
  await Promise.all([page.waitForNavigation(), page.click('#flow-meter-1 button[type=submit]')]);
  assert.match(await page.textContent('.mamon-flash'), /flowmeter is opgeslagen/);
  assert.equal(await page.inputValue('#field-meter1-readings_per_litre'), '400');
  await axeScan(page);
  await screenshot(page, 'flow-meters-manage-stock');

  const cycle = await runCycle(server);
  const r = await page.goto(server.url(`/board/cycles/${cycle}/`));
  assert.equal(r.status(), 200);
  const table = await page.locator('#cycle-meters').textContent();
  for (const figure of ['Pils fust', '2,500 l', '2,250 l', '0,250 l', '10,00 %', 'boven 5 %', 'niet ingesteld']) {
    assert.ok(table.includes(figure), `${figure} in the flow-meter table`);
  }
  assert.match(await page.locator('#flow-warnings').textContent(), /Meter 1 \(Pils fust\): boven 5 %/);
  await axeScan(page);
  await page.locator('#cycle-meters').scrollIntoViewIfNeeded();
  await screenshot(page, 'flow-meters-cycle');
});
