// The board's product pages in Chromium (issue 9, items 4 and 5): a board member creates a
// category and a product with a picture (setInputFiles: a real multipart upload), puts it in the
// category, changes its price and sees the history; the picture is served from /media/. Every
// page passes the axe scan and is saved at desktop and phone width (manage-*.png).
import assert from 'node:assert/strict';
import { test, startServer, screenshot, axeScan, login, PASSWORD } from './harness.mjs';

// A 2x2 PNG (red, green / blue, white).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC',
  'base64');

test('manage products: create with a picture, category, price change and history', async ({ newPage }) => {
  const server = await startServer({ users: [{ username: 'bestuur', groups: ['Bestuur'] }] });
  const page = await newPage({ locale: 'nl-NL' });
  await login(page, server, 'bestuur', PASSWORD, { next: '/manage/categories/new/' });

  // A category first.
  await page.fill('#field-name', 'Bier');
  await Promise.all([page.waitForNavigation(), page.click('form.box button[type=submit]')]);
  assert.match(new URL(page.url()).pathname, /^\/manage\/categories\/\d+\/$/);

  // The empty list, then the create form.
  await page.goto(server.url('/manage/products/'));
  await axeScan(page);
  await screenshot(page, 'manage-products-empty');
  await page.click('a[href="/manage/products/new/"]');
  await page.waitForURL(/\/manage\/products\/new\/$/);
  await axeScan(page);
  await screenshot(page, 'manage-product-new');

  // A field error keeps the input and says what is wrong next to the field.
  await page.fill('#field-name', 'Pils');
  await page.fill('#field-price', 'twee');
  await page.fill('#field-units', '1');
  await Promise.all([page.waitForNavigation(), page.click('.mamon-product-form button[type=submit]')]);
  assert.match(await page.textContent('#field-price-error'), /prijs/i);
  assert.equal(await page.inputValue('#field-name'), 'Pils');
  await axeScan(page);
  await screenshot(page, 'manage-product-error');

  await page.fill('#field-price', '2,50');
  await page.fill('#field-ledger_account', '8000 Bier');
  await page.check('label:has-text("Bier") input[name=categories]');
  await page.setInputFiles('#field-image', { name: 'pils.png', mimeType: 'image/png', buffer: PNG });
  await Promise.all([page.waitForNavigation(), page.click('.mamon-product-form button[type=submit]')]);
  const productPath = new URL(page.url()).pathname;
  assert.match(productPath, /^\/manage\/products\/\d+\/$/);
  assert.match(await page.textContent('.mamon-flash'), /opgeslagen/);
  const src = await page.getAttribute('.mamon-product-image', 'src');
  assert.match(src, /^\/media\/products\/[0-9a-f]{64}\.png$/);
  const picture = await page.request.get(server.url(src));
  assert.equal(picture.status(), 200);
  assert.equal(picture.headers()['content-type'], 'image/png');
  assert.equal(picture.headers()['x-content-type-options'], 'nosniff');
  assert.deepEqual(Buffer.from(await picture.body()), PNG);
  assert.ok(await page.isChecked('label:has-text("Bier") input[name=categories]'));

  // A new price from now on; the history shows both, newest first.
  await page.fill('#field-price', '3,00');
  await Promise.all([page.waitForNavigation(), page.click('.mamon-product-form button[type=submit]')]);
  const history = await page.$$eval('.mamon-price-history tbody tr td:nth-child(2)',
                                    (cells) => cells.map((c) => c.textContent.trim()));
  assert.equal(history.length, 2);
  assert.match(history[0], /3,00/);
  assert.match(history[1], /2,50/);
  assert.equal(await page.getAttribute('.mamon-product-image', 'src'), src);  // picture kept
  await axeScan(page);
  await screenshot(page, 'manage-product-edit');

  // The category page lists it; the product list links to its sales page.
  await page.goto(server.url('/manage/categories/'));
  await axeScan(page);
  await screenshot(page, 'manage-categories');
  await page.click('a:has-text("Bier")');
  await page.waitForURL(/\/manage\/categories\/\d+\/$/);
  assert.match(await page.textContent('main'), /Pils/);
  await axeScan(page);
  await screenshot(page, 'manage-category');
  await page.goto(server.url('/manage/products/'));
  const productId = productPath.split('/')[3];
  assert.ok(await page.$(`a[href="/board/products/${productId}/"]`));
  await axeScan(page);
  await screenshot(page, 'manage-products');
});
