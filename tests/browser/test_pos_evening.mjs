// A whole evening at the web POS in Chromium (issue 12): two staff on one tablet, a blind opening
// count by denominations, 20 sales over wallet (card scans), cash and PIN, a refusal for short
// funds paid in cash, a top-up and a refund, an undo, a middle count by the second staff member,
// a network cut during a sale and its retry, cash to the safe, and a closing count by
// denominations with the PIN terminal's total. The cycle's figures must equal the hand-computed
// table below, and `mamon check` must pass afterwards. Every POS screen passes the axe scan and is
// saved at tablet and laptop size (pos-evening-*.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, screenshot, axeScan, login, PASSWORD, apiCall } from './harness.mjs';

const PILS = 1;   // 2,50
const COLA = 2;   // 1,75
const ALICE_CARD = '04A1B2C3D4E5F6';
const BOB_CARD = '04B0B0B0B0B0B0';
const TAPPER_CARD = '04AAAAAAAAAAAA';

// The evening, computed by hand (euros):
//   opening count  2 × 50 + 2 × 20 + 1 × 10                         = 150.00 (drawer was 0.00)
//   wallet sales   6 × Pils by Alice's card                         =  15.00
//   cash sales     7 × (2 Pils) = 35.00, + Bob's 2 Pils refused on
//                  his 3.00 wallet and paid in cash 5.00            =  40.00
//   PIN sales      6 × Cola = 10.50, + 1 Pils retried after a cut   =  13.00
//   undone         1 Cola in cash, undone                          =   0.00
//   top-up         Alice, cash                                     =  10.00
//   refund         Bob, cash                                       =   2.00
//   middle count   150 + 40 + 10 - 2 (before the cut and the cash out) = 198.00, counted after
//                  a wrong first count of 190.00 and a recount
//   cash out       to the safe                                     = 100.00
//   expected       150 + 40 + 10 - 2 - 100                         =  98.00
//   closing count  50 + 2 × 20 + 5 + 2 + 0.50                      =  97.50 → difference -0.50
//   PIN terminal   13.00 against 13.00 booked                      → difference 0.00
const TABLE = {
  opening_cash: 150, sales: { balance: 15, cash: 40, pin: 13, total: 68 },
  top_ups_cash: 10, refunds_cash: 2, expected_cash: 98, counted_cash: 97.5, cash_difference: -0.5,
  pin_total: 13,
};

test('pos evening: counts, sales, refusal, top-up, refund, undo, cut, cash out, close',
  async ({ newPage }) => {
    const server = await startServer({
      users: [{ username: 'tapper', personnel: 'Tap' }, { username: 'tapper2', personnel: 'Tap2' },
        { username: 'alice' }, { username: 'bob' }, { username: 'board', groups: ['Bestuur'] }],
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-evening-')), 'p.json');
    fs.writeFileSync(file, JSON.stringify([
      { model: 'purchase.product', pk: PILS, fields: { name: 'Pils', price: 2.5, color: '#FFCC00', active: true, image: '' } },
      { model: 'purchase.product', pk: COLA, fields: { name: 'Cola', price: 1.75, color: '#AA0000', active: true, image: '' } },
      { model: 'purchase.category', pk: 7, fields: { name: 'Bier', description: '', products: [PILS] } },
      { model: 'purchase.category', pk: 8, fields: { name: 'Fris', description: '', products: [COLA] } },
    ]));
    server.cli(['loaddata', file]);
    const login1 = async (u) => (await apiCall(server, 'POST', '/api/login/', { username: u, password: PASSWORD })).json;
    const tapper = await login1('tapper');
    const alice = (await login1('alice')).user;
    const bob = (await login1('bob')).user;
    const staffToken = tapper.access;
    for (const [card, user] of [[ALICE_CARD, alice], [BOB_CARD, bob], [TAPPER_CARD, tapper.user]]) {
      assert.equal((await apiCall(server, 'POST', '/api/holders/cards/',
        { card_id: card, card_name: 'pas', user: { id: user.id } }, staffToken)).status, 201);
    }
    // Wallets loaded by PIN before the evening, so the drawer starts at 0.00.
    for (const [who, amount] of [[alice, 20], [bob, 3]]) {
      assert.equal((await apiCall(server, 'POST', '/api/walletupgrades/', { amount, refund: false,
        cash: false, pin: true, comment: '', holder: { id: who.holder } }, staffToken)).status, 201);
    }

    const page = await newPage({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } });
    await login(page, server, 'tapper', PASSWORD, { next: '/pos/' });
    await page.waitForSelector('#pos.is-ready');
    const banner = (re) => page.locator('#pos-banner', { hasText: re }).waitFor();
    const scan = async (uid) => {
      await page.keyboard.type(uid, { delay: 2 });
      await page.keyboard.press('Enter');
    };
    const tap = async (product, times = 1) => {
      const group = product === PILS ? 'c7' : 'c8';
      await page.click(`a[data-group="${group}"]`);
      for (let i = 0; i < times; i += 1) await page.click(`[data-product="${product}"]`);
    };
    const sell = async (method) => {
      await page.click(`#pos-pay-${method}`);
      await banner(/Verkocht/);
    };
    const pieces = async (counts) => {
      for (const [code, n] of Object.entries(counts)) await page.fill(`#pos-piece-${code}`, String(n));
    };

    // --- opening: a blind count by denominations ------------------------------------------------
    await page.click('#pos-open-count');
    await page.waitForSelector('#pos-count:not([hidden])');
    assert.equal(await page.isChecked('input[name=action][value=open]'), true);
    assert.equal(await page.isDisabled('input[name=action][value=close]'), true);
    assert.equal(await page.isVisible('#pos-count-pin-field'), false, 'PIN total at closing only');
    assert.doesNotMatch(await page.textContent('#pos-count-form'), /Verwacht/, 'blind: nothing expected shown');
    await pieces({ note_5000: 2, note_2000: 2, note_1000: 1 });
    assert.equal(await page.inputValue('#pos-count-total'), '150.00');
    await page.fill('#pos-count-meter1', '1000');
    await page.fill('#pos-count-meter2', '2000');
    await axeScan(page);
    await screenshot(page, 'pos-evening-open-count');
    await page.click('#pos-count-submit');
    await page.waitForSelector('#pos-count-result:not([hidden])');
    assert.match(await page.textContent('#pos-count-expected'), /0,00/);
    assert.match(await page.textContent('#pos-count-difference'), /150,00/);
    await axeScan(page);
    await screenshot(page, 'pos-evening-open-difference');
    await page.click('#pos-count-confirm');
    await banner(/bevestigd/);
    const cycles = await apiCall(server, 'GET', '/api/barcycles/', undefined, staffToken);
    const cycle = cycles.json[0].id;
    assert.equal(cycles.json[0].open, true);

    // --- 20 sales ---------------------------------------------------------------------------------
    for (let i = 0; i < 6; i += 1) {          // 6 × Pils by Alice's card
      await tap(PILS);
      await scan(ALICE_CARD);
      await page.waitForSelector('#pos-buyer:not([hidden])');
      await sell('balance');
    }
    for (let i = 0; i < 7; i += 1) { await tap(PILS, 2); await sell('cash'); }
    for (let i = 0; i < 6; i += 1) { await tap(COLA); await sell('pin'); }
    // Bob has 3,00 for 5,00: refused, paid all in cash.
    await tap(PILS, 2);
    await scan(BOB_CARD);
    await page.waitForSelector('#pos-buyer:not([hidden])');
    await page.click('#pos-pay-balance');
    await page.waitForSelector('#pos-short-cash');
    await axeScan(page);
    await screenshot(page, 'pos-evening-short-funds');
    await page.click('#pos-short-cash');
    await banner(/Verkocht/);

    // --- a top-up for Alice and a refund for Bob, in cash --------------------------------------
    await scan(ALICE_CARD);
    await page.waitForSelector('#pos-buyer:not([hidden])');
    await page.fill('#pos-amount', '10,00');
    await page.click('#pos-money-submit');
    await banner(/bijgeschreven/);
    await page.click('#pos-buyer-clear');
    await scan(BOB_CARD);
    await page.locator('#pos-buyer-name', { hasText: /Bob/ }).waitFor();
    await page.check('input[name=kind][value=refund]');
    await page.fill('#pos-amount', '2,00');
    await page.fill('#pos-comment', 'balance back');
    await page.click('#pos-money-submit');
    await banner(/uitbetaald/);
    await page.click('#pos-buyer-clear');

    // --- an undo ----------------------------------------------------------------------------------
    await tap(COLA);
    await sell('cash');
    await page.click('#pos-undo');
    await banner(/ongedaan/);

    // --- a middle count by the second staff member, signed in on this tablet -------------------
    await page.click('#pos-add-staff');
    await page.fill('#pos-login-username', 'tapper2');
    await page.fill('#pos-login-password', PASSWORD);
    await page.click('#pos-login-form button[type=submit]');
    await page.locator('#pos-staff', { hasText: /Tap2/ }).waitFor();
    await page.click('#pos-open-count');
    assert.equal(await page.isChecked('input[name=action][value=middle]'), true);
    assert.equal(await page.isDisabled('input[name=action][value=open]'), true);
    // A typed total first, wrong: the difference shows, and counting again keeps the form.
    await page.fill('#pos-count-total', '190,00');
    await page.fill('#pos-count-meter1', '1200');
    await page.fill('#pos-count-meter2', '2100');
    await page.click('#pos-count-submit');
    await page.waitForSelector('#pos-count-result:not([hidden])');
    // 150 + 35 + 5 + 10 - 2 = 198,00 expected.
    assert.match(await page.textContent('#pos-count-expected'), /198,00/);
    assert.match(await page.textContent('#pos-count-difference'), /-\s?€\s?8,00|€\s?-8,00/);
    await page.click('#pos-count-recount');
    assert.equal(await page.inputValue('#pos-count-meter1'), '1200');
    await page.fill('#pos-count-total', '198,00');
    await page.click('#pos-count-submit');
    await page.waitForSelector('#pos-count-result:not([hidden])');
    assert.match(await page.textContent('#pos-count-difference'), /0,00/);
    await page.click('#pos-count-confirm');
    await banner(/bevestigd/);
    // Back to the first staff member by their card (the basket is empty).
    await scan(TAPPER_CARD);
    await page.locator('#pos-staff', { hasText: /^Tap$/ }).waitFor();

    // --- a network cut during a PIN sale, and its retry --------------------------------------
    let cut = true;
    await page.route('**/api/purchases/', async (route) => {
      if (!cut) return route.continue();
      await route.fetch();                 // the server books it, the answer is lost
      return route.abort('connectionreset');
    });
    await tap(PILS);
    await page.click('#pos-pay-pin');
    await page.waitForSelector('#pos-retry');
    await axeScan(page);
    await screenshot(page, 'pos-evening-offline');
    cut = false;
    await page.click('#pos-retry');
    await banner(/Verkocht/);

    // --- cash to the safe -------------------------------------------------------------------------
    await page.click('#pos-open-cash');
    await page.check('input[name=direction][value=out]');
    await page.fill('#pos-cash-amount', '100,00');
    await page.click('#pos-cash-form button[type=submit]');
    assert.equal(await page.isVisible('#pos-cash-form [data-error-for="reason"]'), true,
      'a cash move needs a reason, shown beside the field');
    await page.fill('#pos-cash-reason', 'naar de kluis');
    await axeScan(page);
    await screenshot(page, 'pos-evening-cash-out');
    await page.click('#pos-cash-form button[type=submit]');
    await banner(/uit de la/);

    // --- closing: denominations and the PIN terminal's total ---------------------------------
    await page.click('#pos-open-count');
    await page.check('input[name=action][value=close]');
    assert.equal(await page.isVisible('#pos-count-pin-field'), true);
    await pieces({ note_5000: 1, note_2000: 2, note_0500: 1, coin_200: 1, coin_050: 'x' });
    await page.fill('#pos-count-pin', '13,00');
    await page.fill('#pos-count-meter1', '1500');
    await page.fill('#pos-count-meter2', '2300');
    await page.click('#pos-count-submit');
    await page.waitForSelector('#pos-count-form [data-error-for="breakdown.coin_050"]:not([hidden])');
    await page.fill('#pos-piece-coin_050', '1');
    assert.equal(await page.inputValue('#pos-count-total'), '97.50');
    await axeScan(page);
    await screenshot(page, 'pos-evening-close-count');
    await page.click('#pos-count-submit');
    await page.waitForSelector('#pos-count-result:not([hidden])');
    assert.match(await page.textContent('#pos-count-expected'), /98,00/);
    assert.match(await page.textContent('#pos-count-difference'), /0,50/);
    await screenshot(page, 'pos-evening-close-difference');
    await page.click('#pos-count-confirm');
    await banner(/bevestigd/);
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'pos-evening-tablet');

    // --- the cycle equals the table ----------------------------------------------------------
    const s = (await apiCall(server, 'GET', `/api/barcycles/${cycle}/`, undefined, staffToken)).json;
    assert.equal(s.open, false);
    assert.deepEqual(
      { opening_cash: s.opening_cash, sales: { balance: s.sales.balance, cash: s.sales.cash, pin: s.sales.pin, total: s.sales.total },
        top_ups_cash: s.top_ups.cash, refunds_cash: s.refunds.cash, expected_cash: s.expected_cash,
        counted_cash: s.counted_cash, cash_difference: s.cash_difference, pin_total: s.closing_report.pin_total },
      TABLE);
    assert.deepEqual(s.closing_report.cash_breakdown,
      { note_5000: 1, note_2000: 2, note_0500: 1, coin_200: 1, coin_050: 1 });
    const sales = (await apiCall(server, 'GET', '/api/purchases/?page_size=100', undefined, staffToken)).json;
    assert.equal(sales.length, 22, '20 sales, the undone one and the retried one, each once');
    // The treasurer reads the evening on the cycle's page: the dossier's figures are the table's,
    // and it prints on at most two A4 pages.
    const board = await newPage({ locale: 'nl-NL' });
    await login(board, server, 'board', PASSWORD, { next: `/board/cycles/${cycle}/` });
    const dossier = await board.textContent('main');
    assert.match(dossier, /Kasverschil van € -0,50|Kasverschil van -€ 0,50/);
    const segments = await board.$$eval('#cycle-segments tbody tr', (rows) => rows.map((r) => r.textContent));
    assert.equal(segments.length, 2, 'opening → middle, middle → closing');
    assert.match(segments[0], /198,00/);
    assert.match(segments[1], /98,00/);
    assert.equal(await board.$$eval('#cycle-counts tbody tr', (rows) => rows.length), 4,
      'the opening, the wrong middle count and its recount, the closing (the closing form the POS '
      + 'refused for a bad piece count never reached the server)');
    assert.match(await board.textContent('#cycle-pin'), /13,00/);
    assert.match(await board.textContent('#cycle-voids'), /undo/);
    assert.match(await board.textContent('#cycle-moves'), /naar de kluis/);
    await axeScan(board);
    await screenshot(board, 'pos-evening-dossier');
    const pdf = await board.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 1 && pages <= 2, `the dossier prints on ${pages} A4 pages`);
    // The same dossier in English (the treasurer's language may be either).
    const english = await newPage({ locale: 'en-GB' });
    await login(english, server, 'board', PASSWORD, { next: `/board/cycles/${cycle}/` });
    assert.match(await english.textContent('#cycle-segments'), /198\.00/);
    assert.match(await english.textContent('#cycle-moves'), /out of the drawer/);
    await axeScan(english);
    await screenshot(english, 'pos-evening-dossier-en');

    // The ledger's drawer equals the counted cash and every invariant holds.
    server.cli(['check']);
  }, { timeoutMs: 240000 });
