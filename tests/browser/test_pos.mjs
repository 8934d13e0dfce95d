// The web POS in Chromium (issue 12 item 1): a bar staff member opens /pos/, sells by cash and
// undoes it, a buyer is identified by a card "typed" by a keyboard-wedge reader (fast keys) while
// slow typing of the same keys is no card, short funds are paid in cash instead, a network cut
// during a PIN sale keeps the basket and the retry charges exactly once (the Idempotency-Key),
// and a top-up is booked for the scanned member. Each screen passes the axe scan and is saved at
// tablet and laptop size (pos-*.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, screenshot, axeScan, login, PASSWORD, apiCall } from './harness.mjs';

const PILS = 1;
const COLA = 2;
const CARD = '04A1B2C3D4E5F6';

const call = apiCall;

const banner = (page) => page.textContent('#pos-banner');

test('pos: sell, undo, card buyer, short funds, network cut and retry, top-up', async ({ newPage }) => {
  const server = await startServer({
    users: [{ username: 'tapper', personnel: 'Tap' }, { username: 'alice' }, { username: 'member' }],
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-pos-')), 'products.json');
  fs.writeFileSync(file, JSON.stringify([
    { model: 'purchase.product', pk: PILS, fields: { name: 'Pils', price: 2.5, color: '#FFCC00', active: true, image: '' } },
    { model: 'purchase.product', pk: COLA, fields: { name: 'Cola', price: 1.75, color: '#AA0000', active: true, image: '' } },
    { model: 'purchase.category', pk: 7, fields: { name: 'Bier', description: '', products: [PILS] } },
  ]));
  server.cli(['loaddata', file]);
  const tapper = (await call(server, 'POST', '/api/login/', { username: 'tapper', password: PASSWORD })).json;
  const alice = (await call(server, 'POST', '/api/login/', { username: 'alice', password: PASSWORD })).json.user;
  assert.equal((await call(server, 'POST', '/api/holders/cards/',
    { card_id: CARD, card_name: 'pas', user: { id: alice.id } }, tapper.access)).status, 201);
  assert.equal((await call(server, 'POST', '/api/walletupgrades/', { amount: 5, refund: false,
    cash: true, pin: false, comment: '', holder: { id: alice.holder } }, tapper.access)).status, 201);
  const purchases = async () => {
    const j = (await call(server, 'GET', '/api/purchases/', undefined, tapper.access)).json;
    return Array.isArray(j) ? j.length : (j.count ?? j.results.length);
  };

  // Only bar staff: a member gets the 403 page naming the permission.
  const other = await newPage({ locale: 'nl-NL' });
  await login(other, server, 'member', PASSWORD, { next: '/pos/' });
  assert.match(await other.textContent('main'), /sell/);

  const page = await newPage({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } });
  await login(page, server, 'tapper', PASSWORD, { next: '/pos/' });
  await page.waitForSelector('#pos.is-ready');
  // The yellow tile gets black text, the dark red one white (computed for contrast).
  assert.equal(await page.$eval('[data-product="1"]', (b) => getComputedStyle(b).color), 'rgb(0, 0, 0)');
  await axeScan(page);
  await screenshot(page, 'pos');

  // Two Pils in cash, then undone.
  await page.click('[data-product="1"]');
  await page.click('[data-product="1"]');
  assert.equal((await page.textContent('[data-product="1"] .mamon-tile-count')).trim(), '2');
  assert.match(await page.textContent('#pos-total'), /5,00/);
  await screenshot(page, 'pos-basket');
  await page.click('#pos-pay-cash');
  await page.locator('#pos-banner', { hasText: /Verkocht/ }).waitFor();
  assert.equal(await purchases(), 1);
  await page.click('#pos-undo');
  await page.locator('#pos-banner', { hasText: /ongedaan/ }).waitFor();

  // Typing the card's keys slowly is no card; the reader's fast burst is.
  await page.keyboard.type(CARD.slice(0, 8), { delay: 120 });
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#pos', 'data-last-card'), null);
  for (let i = 0; i < 3; i += 1) await page.click('[data-product="1"]');
  await page.keyboard.type(CARD.toLowerCase(), { delay: 2 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('#pos-buyer:not([hidden])');
  assert.match(await page.textContent('#pos-buyer-name'), /Alice/);
  assert.match(await page.textContent('#pos-buyer-after'), /-2,50/);
  await axeScan(page);
  await screenshot(page, 'pos-buyer');

  // 7,50 on a 5,00 wallet: refused, paid in cash instead.
  await page.click('#pos-pay-balance');
  await page.waitForSelector('#pos-short-cash');
  await axeScan(page);
  await screenshot(page, 'pos-short-funds');
  await page.click('#pos-short-cash');
  await page.locator('#pos-banner', { hasText: /Verkocht/ }).waitFor();
  assert.equal(await purchases(), 2);

  // A network cut during a PIN sale: the basket stays; the retry charges once.
  await page.click('a[data-group="other"]');
  await page.click('[data-product="2"]');
  let cut = true;
  await page.route('**/api/purchases/', async (route) => {
    if (!cut) return route.continue();
    // The request reaches the server, the answer is lost: the worst case for a double charge.
    await route.fetch();
    return route.abort('connectionreset');
  });
  await page.click('#pos-pay-pin');
  await page.waitForSelector('#pos-retry');
  assert.match(await banner(page), /Geen verbinding/);
  assert.match(await page.textContent('#pos-total'), /1,75/);
  await axeScan(page);
  await screenshot(page, 'pos-offline');
  cut = false;
  await page.click('#pos-retry');
  await page.locator('#pos-banner', { hasText: /Verkocht/ }).waitFor();
  assert.equal(await purchases(), 3, 'the retry with the same key charged nothing again');

  // A top-up of 10,00 for the scanned member.
  await page.keyboard.type(CARD, { delay: 2 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('#pos-buyer:not([hidden])');
  await page.fill('#pos-amount', '10,00');
  await page.click('#pos-money-submit');
  await page.locator('#pos-banner', { hasText: /bijgeschreven/ }).waitFor();
  assert.match(await page.textContent('#pos-buyer-balance'), /15,00/);

  // Tablet size.
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'pos-tablet');
});

// Linking a scanned card at the POS: an unknown card opens the link form, the holder is searched
// and chosen, a name too long and a card linked meanwhile from another tablet are refused beside
// their fields, and the linked card then identifies its holder as the buyer.
test('pos: link a scanned card to a holder', async ({ newPage }) => {
  const server = await startServer({ users: [{ username: 'tapper', personnel: 'Tap' }, { username: 'bob' }] });
  const tapper = (await call(server, 'POST', '/api/login/', { username: 'tapper', password: PASSWORD })).json;
  const bob = (await call(server, 'POST', '/api/login/', { username: 'bob', password: PASSWORD })).json.user;
  const NEW = '04C0FFEE1234';
  const RACED = '04BEEF5678AB';
  const scan = async (page, uid) => {
    await page.keyboard.type(uid, { delay: 2 });
    await page.keyboard.press('Enter');
  };

  const page = await newPage({ locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  await login(page, server, 'tapper', PASSWORD, { next: '/pos/' });
  await page.waitForSelector('#pos.is-ready');
  await scan(page, NEW.toLowerCase());
  await page.waitForSelector('#pos-link-form:not([hidden])');
  assert.equal(await page.textContent('#pos-link-uid'), NEW, 'shown and sent upper-case');
  assert.ok(await page.isDisabled('#pos-link-submit'), 'no holder chosen yet');
  await page.fill('#pos-search', 'bob');
  await page.click('#pos-search-form button[type=submit]');
  await page.click('.mamon-pos-holder');
  await page.locator('#pos-link-target', { hasText: /Bob/ }).waitFor();

  await page.fill('#pos-link-name', 'x'.repeat(151));
  await page.click('#pos-link-submit');
  await page.locator('[data-error-for="card_name"]:not([hidden])').waitFor();
  assert.match(await page.textContent('[data-error-for="card_name"]'), /too long/);
  await axeScan(page);
  await screenshot(page, 'pos-link-error');
  assert.equal((await call(server, 'GET', `/api/cards/${NEW}/`, undefined, tapper.access)).status, 404);

  await page.fill('#pos-link-name', 'student card');
  await page.click('#pos-link-submit');
  await page.locator('#pos-banner', { hasText: `Card ${NEW} is linked to` }).waitFor();
  assert.ok(await page.isHidden('#pos-link-form'));
  const linked = await call(server, 'GET', `/api/cards/${NEW}/`, undefined, tapper.access);
  assert.equal(linked.status, 200);
  assert.equal(linked.json.user.id, bob.id);
  assert.equal(linked.json.card_name, 'student card');

  // The new card now names its holder as the buyer.
  await page.click('#pos-buyer-clear');
  await scan(page, NEW);
  await page.waitForSelector('#pos-buyer:not([hidden])');
  assert.match(await page.textContent('#pos-buyer-name'), /Bob/);

  // Another unknown card while Bob is still the buyer: the form does not offer Bob's wallet until
  // a holder is chosen after the scan. Another tablet links the card between the choice and the
  // tap: 409 beside the card.
  await scan(page, RACED);
  await page.waitForSelector('#pos-link-form:not([hidden])');
  assert.ok(await page.isDisabled('#pos-link-submit'), 'the buyer of before is not the link target');
  assert.doesNotMatch(await page.textContent('#pos-link-target'), /Bob/);
  await page.fill('#pos-search', 'bob');
  await page.click('#pos-search-form button[type=submit]');
  await page.click('.mamon-pos-holder');
  await page.locator('#pos-link-target', { hasText: /Bob/ }).waitFor();
  await screenshot(page, 'pos-link');
  assert.equal((await call(server, 'POST', '/api/holders/cards/',
    { card_id: RACED, card_name: '', user: { id: tapper.user.id } }, tapper.access)).status, 201);
  await page.click('#pos-link-submit');
  await page.locator('[data-error-for="card_id"]:not([hidden])').waitFor();
  assert.match(await page.textContent('[data-error-for="card_id"]'), /linked already/);
  assert.equal((await call(server, 'GET', `/api/cards/${RACED}/`, undefined, tapper.access)).json.user.id,
    tapper.user.id, 'the first link stands');
  await page.click('#pos-link-cancel');
  assert.ok(await page.isHidden('#pos-link-form'));

  // The drawer screens in English: the count dialog with its calculator, and cash in/out.
  await page.click('#pos-open-count');
  await page.waitForSelector('#pos-count:not([hidden])');
  assert.match(await page.textContent('#pos-count'), /Opening/);
  await axeScan(page);
  await screenshot(page, 'pos-count-en');
  await page.click('#pos-count [data-close="pos-count"]');
  await page.click('#pos-open-cash');
  await page.waitForSelector('#pos-cash:not([hidden])');
  await axeScan(page);
  await screenshot(page, 'pos-cash-en');
});
