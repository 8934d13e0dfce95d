// The member pages in Chromium (issue 8 item 3): a member with money moved through the API logs
// in, reads /home/ (timeline + spending chart drawn by mamon.js + the table), switches language,
// tops up through the fake Mollie's checkout and comes back to /topup/return/<id>/, reads
// /products/ and blocks a card on /cards/ (the confirm dialog of mamon.js). Every page passes
// axeScan and is screenshotted at desktop and phone width.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, startFakeMollie, screenshot, axeScan, PASSWORD, apiCall } from './harness.mjs';

// The real login form (fields named username / password, WEB.md §2b; the page kit gives them the
// ids field-username / field-password, where harness.mjs login() expects #username).
async function login(page, server, username) {
  await page.goto(server.url('/login/'));
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.press('input[name=password]', 'Enter')]);
}

const PRODUCTS = [
  [1, 'Pils', 2.5], [2, 'Cola', 1.75], [3, 'Tosti ham-kaas', 3.0], [4, 'Koffie', 1.2],
];

function loadProducts(server) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-products-')), 'p.json');
  fs.writeFileSync(file, JSON.stringify(PRODUCTS.map(([pk, name, price]) => ({
    model: 'purchase.product', pk,
    fields: { name, price, color: '#FFFFFF', active: true, image: '' },
  }))));
  try { server.cli(['loaddata', file]); } finally { fs.rmSync(path.dirname(file), { recursive: true }); }
}

const api = (server, method, p, token, body) => apiCall(server, method, p, body, token);

async function apiLogin(server, username) {
  const r = await api(server, 'POST', '/api/login/', null, { username, password: PASSWORD });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return { token: r.json.access, holder: r.json.user.holder };
}

// Money for the member: two top-ups, four wallet purchases, a refund.
async function seed(server) {
  const tapper = await apiLogin(server, 'tapper');
  const member = await apiLogin(server, 'member');
  const topUp = async (amount, extra = {}) => {
    const r = await api(server, 'POST', '/api/walletupgrades/', tapper.token, {
      amount, refund: false, cash: true, pin: false, comment: '', holder: { id: member.holder }, ...extra,
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  };
  const sell = async (orders) => {
    const r = await api(server, 'POST', '/api/purchases/', tapper.token, {
      orders: orders.map(([product, quantity]) => ({ product, quantity })),
      balance: true, cash: false, pin: false, buyer: member.holder,
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  };
  await topUp(50);
  await sell([[1, 4], [2, 1]]);
  await sell([[3, 1], [4, 2]]);
  await topUp(10, { cash: false, pin: true });
  await sell([[1, 2]]);
  await topUp(2.5, { refund: true, comment: 'statiegeld' });
  const card = await api(server, 'POST', '/api/cards/', member.token,
    { card_id: '04a1b2c3d4e5f6', card_name: 'Blauwe sleutelhanger' });
  assert.equal(card.status, 201);
  const card2 = await api(server, 'POST', '/api/cards/', member.token,
    { card_id: '0badcafe', card_name: 'Studentenpas' });
  assert.equal(card2.status, 201);
  return member;
}

test('member pages: home, language, Mollie top-up, products, cards', async ({ newPage }) => {
  const mollie = await startFakeMollie();
  try {
    const server = await startServer({
      users: [{ username: 'member' }, { username: 'tapper', groups: ['Tapper'], personnel: 'tap' }],
      extraEnv: { MOLLIE_API_URL: mollie.apiUrl, MOLLIE_API_KEY: mollie.apiKey },
    });
    loadProducts(server);
    const member = await seed(server);
    const page = await newPage({ locale: 'nl-NL' });
    await login(page, server, 'member');
    assert.equal(new URL(page.url()).pathname, '/home/');

    // Home: balance, timeline, chart drawn from data-chart, the table of the same numbers.
    assert.equal((await page.textContent('.mamon-balance')).trim(), '€ 35,35');
    assert.equal(await page.locator('.mamon-entry').count(), 6);
    assert.match(await page.textContent('.mamon-timeline'), /Terugbetaling[\s\S]*statiegeld/);
    await page.waitForFunction(() => {
      const c = document.getElementById('spending-chart');
      return c && window.Chart && window.Chart.getChart(c) !== undefined;
    });
    assert.match(await page.getAttribute('#spending-chart', 'aria-label'), /€ 22,15/);
    assert.match(await page.textContent('.mamon-spending-table tfoot'), /€ 22,15/);
    await axeScan(page);
    await screenshot(page, 'member-home');

    // Language switch (the footer form): the same page in English.
    await Promise.all([page.waitForNavigation(), page.click('footer button[value=en]')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal((await page.textContent('.mamon-balance')).trim(), '€35.35');
    assert.match(await page.textContent('.mamon-timeline'), /Refund/);
    await axeScan(page);
    await screenshot(page, 'member-home-en');
    await Promise.all([page.waitForNavigation(), page.click('footer button[value=nl]')]);

    // Products with own quantities.
    await page.goto(server.url('/products/'));
    const pils = page.locator('tr', { has: page.locator('th', { hasText: 'Pils' }) });
    assert.match(await pils.textContent(), /€ 2,50\s*6/);
    await axeScan(page);
    await screenshot(page, 'member-products');

    // Top-up: an error next to the field first, then Mollie's checkout, paid, back home.
    await page.goto(server.url('/topup/'));
    await axeScan(page);
    await screenshot(page, 'member-topup');
    await page.fill('#field-amount', '0,50');
    await Promise.all([page.waitForNavigation(), page.click('form.mamon-topup-form button')]);
    assert.match(await page.textContent('#field-amount-error'), /tussen € 1,00 en € 500,00/);
    await axeScan(page);
    await screenshot(page, 'member-topup-error');
    await page.fill('#field-amount', '15');
    await Promise.all([page.waitForURL(/\/checkout\//), page.click('form.mamon-topup-form button')]);
    await Promise.all([page.waitForURL(/\/topup\/return\/[0-9a-f]{32}\/$/),
      page.click('button[value=paid]')]);
    assert.match(await page.textContent('main'), /€ 15,00 is bijgeschreven/);
    assert.match(await page.textContent('main'), /€ 50,35/);
    await axeScan(page);
    await screenshot(page, 'member-topup-paid');
    const holder = await api(server, 'GET', `/api/holders/${member.holder}/`, member.token);
    assert.equal(holder.json.stand, 50.35);

    // Cards: the dialog of data-confirm, then the flash and the API refusing the card.
    await page.goto(server.url('/cards/'));
    await axeScan(page);
    await screenshot(page, 'member-cards');
    page.once('dialog', (d) => d.accept());
    const first = page.locator('.mamon-card', { hasText: 'Blauwe sleutelhanger' });
    await Promise.all([page.waitForNavigation(), first.locator('button').click()]);
    assert.match(await page.textContent('.mamon-flash'), /geblokkeerd/);
    assert.match(await first.textContent(), /Geblokkeerd/);
    const tapper = await apiLogin(server, 'tapper');
    assert.equal((await api(server, 'GET', '/api/cards/04a1b2c3d4e5f6/', tapper.token)).status, 404);
    assert.equal((await api(server, 'GET', '/api/cards/0badcafe/', tapper.token)).status, 200);
    await axeScan(page);
    await screenshot(page, 'member-cards-blocked');

    // Without JavaScript's dialog (dismissed here) nothing is blocked.
    page.once('dialog', (d) => d.dismiss());
    await page.locator('.mamon-card', { hasText: 'Studentenpas' }).locator('button').click();
    assert.equal((await api(server, 'GET', '/api/cards/0badcafe/', tapper.token)).status, 200);
    await server.stop();
  } finally {
    mollie.stop();
  }
});

test('member pages: the no-JavaScript confirm page for blocking a card', async ({ newPage }) => {
  const server = await startServer({ users: [{ username: 'member' }] });
  const member = await apiLogin(server, 'member');
  assert.equal((await api(server, 'POST', '/api/cards/', member.token,
    { card_id: 'aa11bb22', card_name: 'Oude pas' })).status, 201);
  const page = await newPage({ locale: 'nl-NL' });
  await login(page, server, 'member');
  await page.goto(server.url('/cards/'));
  // Submitting the form without mamon.js's confirm field: the server asks first.
  await page.evaluate(() => document.querySelector('.mamon-card form').submit());
  await page.waitForLoadState();
  assert.match(await page.textContent('main'), /Weet je zeker/);
  await axeScan(page);
  await screenshot(page, 'member-cards-confirm');
  await server.stop();
});
