// The board's purchases and holders pages in Chromium (issue 8 item 4): a board member logs in,
// filters the purchases, opens a purchase and a holder; every page passes the axe scan and is
// saved at desktop and phone width (board-*.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, screenshot, axeScan, login, PASSWORD, apiOk } from './harness.mjs';

function logIn(page, server, username, next) {
  return login(page, server, username, PASSWORD, { next });
}

const PRODUCTS = [
  [1, 'Pils', 2.5], [2, 'Cola', 1.75], [3, 'Speciaalbier', 4.0], [4, 'Tosti', 3.0],
];

const api = apiOk;

async function boardServer() {
  const server = await startServer({
    users: [
      { username: 'bestuur', groups: ['Bestuur'] },
      { username: 'tapper', groups: ['Tapper'], personnel: 'Tap' },
      { username: 'anna' }, { username: 'bram' }, { username: 'chris' },
    ],
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-products-')), 'p.json');
  fs.writeFileSync(file, JSON.stringify(PRODUCTS.map(([pk, name, price]) => ({
    model: 'purchase.product', pk, fields: { name, price, color: '#FFFFFF', active: true, image: '' },
  }))));
  server.cli(['loaddata', file]);
  const tapper = await api(server, 'POST', '/api/login/', { username: 'tapper', password: PASSWORD });
  const holders = {};
  for (const name of ['anna', 'bram', 'chris']) {
    holders[name] = (await api(server, 'POST', '/api/login/', { username: name, password: PASSWORD })).user.holder;
  }
  const t = tapper.access;
  await api(server, 'POST', '/api/cards/', { card_id: '04A1B2C3', card_name: 'sleutelhanger' }, (await api(server, 'POST', '/api/login/', { username: 'anna', password: PASSWORD })).access);
  for (const [name, amount] of [['anna', 40], ['bram', 15], ['chris', 5]]) {
    await api(server, 'POST', '/api/walletupgrades/', {
      amount, refund: false, cash: true, pin: false, comment: '', holder: { id: holders[name] },
    }, t);
  }
  const sell = (orders, how, buyer) => api(server, 'POST', '/api/purchases/', {
    orders: orders.map(([product, quantity]) => ({ product, quantity })),
    balance: how === 'balance', cash: how === 'cash', pin: how === 'pin',
    ...(buyer ? { buyer } : {}),
  }, t);
  await sell([[1, 2], [2, 1]], 'balance', holders.anna);
  await sell([[3, 1]], 'balance', holders.anna);
  await sell([[4, 1], [2, 2]], 'balance', holders.bram);
  await sell([[1, 1]], 'balance', holders.chris);
  for (let i = 0; i < 12; i++) await sell([[1 + (i % 4), 1 + (i % 3)]], i % 2 ? 'cash' : 'pin');
  return { server, holders };
}

test('board purchases and holders pages: filters, detail, axe, screenshots', async ({ newPage }) => {
  const { server, holders } = await boardServer();
  const page = await newPage({ locale: 'nl-NL' });  // Accept-Language: Dutch
  await logIn(page, server, 'bestuur', '/board/purchases/');
  assert.equal(new URL(page.url()).pathname, '/board/purchases/');
  assert.match(await page.textContent('.mamon-summary'), /^16 aankopen, € /);
  await axeScan(page);
  await screenshot(page, 'board-purchases');

  await page.selectOption('#filter-method', 'balance');
  await Promise.all([page.waitForNavigation(), page.click('.mamon-filter button[type=submit]')]);
  assert.match(page.url(), /method=balance/);
  assert.match(await page.textContent('.mamon-summary'), /^4 aankopen, € 19,75$/);
  await screenshot(page, 'board-purchases-filtered');

  await page.fill('#filter-seller', 'abc');
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('.mamon-filter button[type=submit]')]);
  assert.equal(bad.status(), 422);
  assert.match(await page.textContent('#filter-seller-error'), /geheel getal/);
  await axeScan(page);
  await screenshot(page, 'board-purchases-422');

  await page.goto(server.url('/board/purchases/?method=balance'));
  await Promise.all([page.waitForNavigation(), page.click('table.mamon-list tbody tr:last-child td a')]);
  assert.match(await page.textContent('h1'), /^Aankoop \d+$/);
  assert.match(await page.textContent('main'), /Pils/);
  await axeScan(page);
  await screenshot(page, 'board-purchase');

  await page.goto(server.url('/board/holders/?sort=balance'));
  assert.match(await page.textContent('.mamon-summary'), /^5 leden$/);
  await axeScan(page);
  await screenshot(page, 'board-holders');

  await page.goto(server.url(`/board/holders/${holders.anna}/`));
  assert.match(await page.textContent('.mamon-balance'), /€ 29,25/);
  assert.match(await page.textContent('main'), /04A1B2C3/);
  await axeScan(page);
  await screenshot(page, 'board-holder');
  await server.stop();
});
