// Meals in Chromium (issue 10 item 3): a member sees the open meal on /home/, signs up on
// /meals/ with portions and a comment; a second member with an empty wallet signs up too; the
// board opens /manage/meals/, the meal with its sign-ups, charges with the confirm step and sees
// who paid and who could not. Every page passes the axe scan and is saved at desktop and phone
// width (meals-*.png).
import assert from 'node:assert/strict';
import { test, startServer, screenshot, axeScan, login, PASSWORD, apiCall } from './harness.mjs';

const api = (server, method, p, token, body) => apiCall(server, method, p, body, token);

async function apiLogin(server, username) {
  const r = await api(server, 'POST', '/api/login/', null, { username, password: PASSWORD });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return { token: r.json.access, holder: r.json.user.holder };
}

const iso = (hours) => new Date(Date.now() + hours * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');

test('meals: a member signs up, the board charges with a confirm step', async ({ newPage }) => {
  const server = await startServer({
    users: [
      { username: 'bestuur', groups: ['Bestuur'] },
      { username: 'tapper', personnel: 'tap' },
      { username: 'anna' },
      { username: 'bram' },
    ],
  });
  const board = await apiLogin(server, 'bestuur');
  const tapper = await apiLogin(server, 'tapper');
  const anna = await apiLogin(server, 'anna');
  const meal = await api(server, 'POST', '/api/happen/', board.token, {
    title: 'Stamppot boerenkool', description: 'Met rookworst; vegetarisch op verzoek.',
    date: iso(5), opening_date: iso(-1), closing_date: iso(3), cost: 3.5, max_participants: 20,
  });
  assert.equal(meal.status, 200, JSON.stringify(meal.json));
  const topUp = await api(server, 'POST', '/api/walletupgrades/', tapper.token, {
    amount: 10, refund: false, cash: true, pin: false, comment: '', holder: { id: anna.holder },
  });
  assert.equal(topUp.status, 201, JSON.stringify(topUp.json));

  // The member: the notice on /home/, then the sign-up.
  const page = await newPage({ locale: 'nl-NL' });
  await login(page, server, 'anna', PASSWORD);
  await page.goto(server.url('/home/'));
  assert.match(await page.textContent('.mamon-meal-notice'), /Stamppot boerenkool/);
  await axeScan(page);
  await screenshot(page, 'meals-home-notice');
  await page.click('.mamon-meal-notice a[href="/meals/"]');
  await page.waitForURL(/\/meals\/$/);
  await axeScan(page);
  await screenshot(page, 'meals-member-open');
  const id = meal.json.id;
  await page.fill(`#meal-${id}-portions`, '2');
  await page.fill(`#meal-${id}-comment`, 'vegetarisch');
  await Promise.all([page.waitForNavigation(), page.click('.mamon-meal-form button[type=submit]')]);
  assert.match(await page.textContent('.mamon-flash'), /ingeschreven/);
  assert.match(await page.textContent('.mamon-meal-own'), /2 portie/);
  assert.match(await page.textContent('.mamon-meal-own'), /7,00/);
  await axeScan(page);
  await screenshot(page, 'meals-member-signed-up');

  // Bram (an empty wallet) signs up as well.
  const bram = await newPage({ locale: 'nl-NL' });
  await login(bram, server, 'bram', PASSWORD, { next: '/meals/' });
  await Promise.all([bram.waitForNavigation(), bram.click('.mamon-meal-form button[type=submit]')]);
  assert.match(await bram.textContent('.mamon-meal-own'), /1 portie/);

  // The board: the list, the meal, the confirm step, the outcome.
  const admin = await newPage({ locale: 'nl-NL' });
  await login(admin, server, 'bestuur', PASSWORD, { next: '/manage/meals/' });
  await axeScan(admin);
  await screenshot(admin, 'meals-manage-list');
  await admin.click('a:has-text("Stamppot boerenkool")');
  await admin.waitForURL(/\/manage\/meals\/\d+\/$/);
  assert.equal(await admin.$$eval('.mamon-meal-signups tbody tr', (rows) => rows.length), 2);
  await axeScan(admin);
  await screenshot(admin, 'meals-manage-meal');
  await Promise.all([admin.waitForNavigation(), admin.click('form[action$="/charge/"] button')]);
  assert.match(await admin.textContent('.mamon-charge-question'), /2 inschrijving/);
  await axeScan(admin);
  await screenshot(admin, 'meals-manage-confirm');
  await Promise.all([admin.waitForNavigation(), admin.click('input[name=confirm] + button')]);
  assert.match(await admin.textContent('.mamon-charge-done'), /1 inschrijving/);
  assert.match(await admin.textContent('.mamon-charged'), /Anna/);
  assert.match(await admin.textContent('.mamon-could-not-pay'), /Bram/);
  await axeScan(admin);
  await screenshot(admin, 'meals-manage-charged');

  // Anna's balance: 10.00 - 7.00, and the charge is on her timeline.
  const holder = await api(server, 'GET', `/api/holders/${anna.holder}/`, board.token);
  assert.equal(holder.json.stand, 3);
  await page.goto(server.url('/home/'));
  assert.match(await page.textContent('.mamon-timeline'), /Maaltijd/);
  await axeScan(page);
  await screenshot(page, 'meals-member-home-charged');
});
