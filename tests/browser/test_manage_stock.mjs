// The board's stock pages in Chromium (issue 10 item 2): a board member creates a stock item,
// records a delivery and sees the quantity in its unit on the item's page and in the list; links a product to it on the
// product page; a loss
// typed as a positive number is refused next to its field with the input kept. Every page passes
// the axe scan and is saved at desktop and phone width (manage-stock-*.png).
import assert from 'node:assert/strict';
import { test, startServer, screenshot, axeScan, login, PASSWORD } from './harness.mjs';

test('manage stock: create an item, add a delivery, see the quantity', async ({ newPage }) => {
  const server = await startServer({ users: [{ username: 'bestuur', groups: ['Bestuur'] }] });
  const page = await newPage({ locale: 'nl-NL' });
  await login(page, server, 'bestuur', PASSWORD, { next: '/manage/stock/' });
  await axeScan(page);
  await screenshot(page, 'manage-stock-empty');

  await page.click('a[href="/manage/stock/new/"]');
  await page.waitForURL(/\/manage\/stock\/new\/$/);
  await page.fill('#field-name', 'Bier (fust)');
  await page.selectOption('#field-unit', 'liters');
  await page.fill('#field-description', 'Fusten van 50 liter');
  await axeScan(page);
  await screenshot(page, 'manage-stock-new');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/manage/stock/new/"] button[type=submit]')]);
  const itemPath = new URL(page.url()).pathname;
  assert.match(itemPath, /^\/manage\/stock\/\d+\/$/);
  assert.match(await page.textContent('#stock-quantity'), /0 liter/);

  // A delivery of two kegs with its cost.
  await page.selectOption('#field-kind', 'delivery');
  await page.fill('#field-quantity', '100');
  await page.fill('#field-reason', 'Levering Heineken');
  await page.fill('#field-cost', '189,90');
  await Promise.all([page.waitForNavigation(), page.click(`form[action="${itemPath}mutations/"] button[type=submit]`)]);
  assert.match(await page.textContent('.mamon-flash'), /vastgelegd/);
  assert.match(await page.textContent('#stock-quantity'), /100 liter/);
  assert.match(await page.textContent('main table'), /Levering Heineken/);
  assert.match(await page.textContent('main table'), /189,90/);
  await axeScan(page);
  await screenshot(page, 'manage-stock-item');

  // A loss typed as a positive number: refused next to the field, the input kept.
  await page.selectOption('#field-kind', 'loss');
  await page.fill('#field-quantity', '0,5');
  await page.fill('#field-reason', 'Gemorst');
  await Promise.all([page.waitForNavigation(), page.click(`form[action="${itemPath}mutations/"] button[type=submit]`)]);
  assert.match(await page.textContent('#field-quantity-error'), /negatief/);
  assert.equal(await page.inputValue('#field-reason'), 'Gemorst');
  assert.match(await page.textContent('#stock-quantity'), /100 liter/);
  await axeScan(page);
  await screenshot(page, 'manage-stock-error');

  await page.fill('#field-quantity', '-0,5');
  await Promise.all([page.waitForNavigation(), page.click(`form[action="${itemPath}mutations/"] button[type=submit]`)]);
  assert.match(await page.textContent('#stock-quantity'), /99,5 liter/);

  // A product drawing 0,25 liter per glass, linked on the product page.
  await page.goto(server.url('/manage/products/new/'));
  await page.fill('#field-name', 'Pils');
  await page.fill('#field-price', '2,50');
  await page.selectOption('#field-stock_item', { label: 'Bier (fust) (liter)' });
  await page.fill('#field-units', '0,25');
  await axeScan(page);
  await screenshot(page, 'manage-stock-product-link');
  await Promise.all([page.waitForNavigation(), page.click('.mamon-product-form button[type=submit]')]);
  assert.match(new URL(page.url()).pathname, /^\/manage\/products\/\d+\/$/);
  await page.goto(server.url(itemPath));
  assert.match(await page.textContent('main'), /Pils: 0,25 liter/);

  await page.goto(server.url('/manage/stock/'));
  assert.match(await page.textContent('main table'), /Bier \(fust\)/);
  assert.match(await page.textContent('main table'), /99,5 liter/);
  await axeScan(page);
  await screenshot(page, 'manage-stock-list');
});
