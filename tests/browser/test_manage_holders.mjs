// The board's holder page and voids in Chromium (issue 9, items 3 and 7): a board member (who
// also works the bar, so may take money in) links a card to a member and blocks it — the API
// refuses the card at once — tops the member up, then voids the member's purchase through the
// confirm step and sees the balance restored on the holder page and the void in the member's
// own timeline. Every page passes the axe scan and is saved (holders-*.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, screenshot, axeScan, login, PASSWORD, apiCall } from './harness.mjs';

const PILS = 1;

const api = apiCall;

test('holder page: link and block a card, top up, void a purchase', async ({ newPage }) => {
  const server = await startServer({
    users: [
      { username: 'bestuur', groups: ['Bestuur'], personnel: 'bestuurbar' },
      { username: 'tapper', groups: ['Tapper'], personnel: 'tap' },
      { username: 'lid' },
    ],
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-holders-')), 'p.json');
  fs.writeFileSync(file, JSON.stringify([
    { model: 'purchase.product', pk: PILS, fields: { name: 'Pils', price: 2.5, color: '#FFCC00', active: true, image: '' } },
  ]));
  server.cli(['loaddata', file]);
  const tapper = (await api(server, 'POST', '/api/login/', { username: 'tapper', password: PASSWORD })).json.access;
  const holder = (await api(server, 'POST', '/api/login/', { username: 'lid', password: PASSWORD })).json.user.holder;

  const page = await newPage({ locale: 'nl-NL' });
  await login(page, server, 'bestuur', PASSWORD, { next: `/board/holders/${holder}/` });
  await page.waitForURL(new RegExp(`/board/holders/${holder}/$`));
  await axeScan(page);
  await screenshot(page, 'holders-detail-empty');

  // Link a card; the API finds it.
  await page.fill('#link_card-card_id', '04a1b2c3');
  await page.fill('#link_card-card_name', 'sleutelhanger');
  await Promise.all([page.waitForNavigation(), page.click('#link-card-form button[type=submit]')]);
  assert.match(await page.textContent('.mamon-flash'), /gekoppeld/);
  assert.match(await page.textContent('.mamon-cards'), /04A1B2C3/);
  assert.equal((await api(server, 'GET', '/api/cards/04a1b2c3/', undefined, tapper)).status, 200);

  // Block it: the API refuses it at once.
  await Promise.all([page.waitForNavigation(), page.click('button[aria-label="Blokkeren 04A1B2C3"]')]);
  assert.match(await page.textContent('.mamon-cards'), /Geblokkeerd/);
  assert.equal((await api(server, 'GET', '/api/cards/04a1b2c3/', undefined, tapper)).status, 404);
  await axeScan(page);
  await screenshot(page, 'holders-card-blocked');

  // A top-up with a bad amount first: the message next to the field, the input kept.
  await page.fill('#top_up-amount', 'tien');
  await Promise.all([page.waitForNavigation(), page.click('#top-up-form button[type=submit]')]);
  assert.ok(await page.isVisible('#top_up-amount-error'));
  assert.equal(await page.inputValue('#top_up-amount'), 'tien');
  await axeScan(page);
  await screenshot(page, 'holders-topup-error');
  await page.fill('#top_up-amount', '10,00');
  await Promise.all([page.waitForNavigation(), page.click('#top-up-form button[type=submit]')]);
  assert.match(await page.textContent('.mamon-flash'), /opwaardering/i);
  assert.match(await page.textContent('.mamon-balance'), /10,00/);

  // The member buys two Pils with the wallet (at the bar, through the API).
  const sale = await api(server, 'POST', '/api/purchases/',
    { orders: [{ product: PILS, quantity: 2 }], balance: true, buyer: holder }, tapper);
  assert.equal(sale.status, 201);
  await page.reload();
  assert.match(await page.textContent('.mamon-balance'), /5,00/);

  // Void it: the detail's form, the confirm step, then the mark.
  await page.goto(server.url(`/board/purchases/${sale.json.id}/`));
  await axeScan(page);
  await page.fill('#void-form #field-reason', 'dubbel aangeslagen');
  await Promise.all([page.waitForNavigation(), page.click('#void-form button[type=submit]')]);
  assert.match(await page.textContent('main'), /annuleren\?/);
  await axeScan(page);
  await screenshot(page, 'holders-void-confirm');
  await Promise.all([page.waitForNavigation(), page.click('#void-confirm-form button[type=submit]')]);
  assert.match(await page.textContent('.mamon-flash'), /geannuleerd/);
  assert.match(await page.textContent('#void-mark'), /dubbel aangeslagen/);
  await axeScan(page);
  await screenshot(page, 'holders-purchase-voided');

  // The balance is restored on the holder page, the void in its history.
  await page.goto(server.url(`/board/holders/${holder}/`));
  assert.match(await page.textContent('.mamon-balance'), /10,00/);
  assert.match(await page.textContent('main'), /Annulering/);
  await axeScan(page);
  await screenshot(page, 'holders-detail-after-void');

  // The member's own timeline shows it too.
  const member = await newPage({ locale: 'nl-NL' });
  await login(member, server, 'lid', PASSWORD);
  await member.goto(server.url('/home/'));
  assert.match(await member.textContent('main'), /geannuleerd/i);
  assert.match(await member.textContent('main'), /dubbel aangeslagen/);
  await axeScan(member);
  await screenshot(member, 'holders-member-home-voided');
});
