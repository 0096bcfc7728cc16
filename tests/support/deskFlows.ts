// The officer's first steps, shared by the end-to-end tests and the benchmarks.
import type { Page } from 'playwright-core';
import type { DeskSession } from './browser.ts';

export interface Account {
  username: string;
  fullName: string;
  password: string;
}

export interface OfficeInput {
  officeName: string;
  agencyId: string;
  placeName: string;
}

/** First run: the office (or the demo office, with 60 sample dossiers) and its administrator. */
export async function firstRun(page: Page, admin: Account, office: OfficeInput | 'demo'): Promise<void> {
  await page.getByRole('heading', { name: 'Thiết lập lần đầu' }).waitFor();
  if (office === 'demo') {
    await page.locator('input[name=demo]').check();
  } else {
    await page.locator('input[name=officeName]').fill(office.officeName);
    await page.locator('input[name=agencyId]').fill(office.agencyId);
    await page.locator('input[name=placeName]').fill(office.placeName);
  }
  await page.getByRole('button', { name: 'Tiếp' }).click();
  await page.locator('input[name=admin-username]').fill(admin.username);
  await page.locator('input[name=admin-fullname]').fill(admin.fullName);
  await page.locator('input[name=admin-password]').fill(admin.password);
  await page.locator('input[name=admin-password-again]').fill(admin.password);
  await page.getByRole('button', { name: 'Hoàn tất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor({ timeout: 60_000 });
}

/** Opens Settings at one section of its list, by the section's Vietnamese name ('Đồng bộ', 'Cơ quan'…). */
export async function openSettings(page: Page, section: string): Promise<void> {
  await page.getByRole('button', { name: 'Cài đặt' }).click();
  await page.getByRole('tab', { name: section, exact: true }).click();
  await page.getByRole('tabpanel').waitFor();
}

/** Signs in from the sign-in screen and waits for the desk. */
export async function signIn(page: Page, account: Account): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(account.username);
  await page.getByLabel('Mật khẩu').fill(account.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).waitFor();
}

/** Picks a procedure at reception as an officer does: a search, then Enter on the first match once it is listed. */
export async function pickProcedure(page: Page, search: string, name: RegExp): Promise<void> {
  const box = page.locator('input[name=procedure-search]');
  await box.fill(search);
  await page.getByRole('option', { name }).first().waitFor();
  await box.press('Enter');
  await page.getByTestId('chosen-procedure').waitFor();
}

/**
 * "Hồ sơ mới" after a decision, until the reception form is back. In browser mode the receipt's
 * print dialog opens by itself just after an acceptance, and a click made while it is open can
 * be lost (a full CI run: the outcome still on screen 15 s after the click, the dialog open):
 * the officer clicks again once it has closed, and so does this, up to `tries` times 3 s apart.
 */
export async function newDossier(page: Page, tries = 5): Promise<void> {
  const search = page.locator('input[name=procedure-search]');
  for (let attempt = 1; ; attempt += 1) {
    const again = page.getByRole('button', { name: 'Hồ sơ mới' });
    if (await again.isVisible()) await again.click();
    const back = await search.waitFor({ timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (back) return;
    if (attempt >= tries) throw new Error(`the reception form did not come back after "Hồ sơ mới" in ${tries} tries`);
  }
}

/**
 * "Sync now" from the sync details, opening them first. The details close when focus moves
 * elsewhere, as it may when the receipt's print dialog opens just after an acceptance, and the
 * button waits while a cycle runs: so each try reopens them and gives the click 5 s.
 */
export async function syncNow(page: Page, tries = 6): Promise<void> {
  const details = page.locator('.sync-details');
  for (let attempt = 1; ; attempt += 1) {
    if (!(await details.isVisible())) await page.locator('.sync-indicator').getByRole('button').first().click();
    const clicked = await page
      .getByRole('button', { name: 'Đồng bộ ngay' })
      .click({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (clicked) return;
    if (attempt >= tries) throw new Error(`"Đồng bộ ngay" could not be clicked in ${tries} tries (details shut or a cycle still running)`);
  }
}

/**
 * Registers the desk with a province from Settings' open sync section: the address (approved
 * with the code main prints on its console), then the enrolment code the province issued.
 */
export async function registerWithProvince(desk: DeskSession, provinceUrl: string, enrolmentCode: string): Promise<void> {
  const page = desk.page;
  const form = page.getByRole('form', { name: 'Đồng bộ với hệ thống của tỉnh' });
  await form.locator('input[name=sync-endpoint]').fill(provinceUrl);
  await form.getByRole('button', { name: 'Lưu cấu hình đồng bộ' }).click();
  await desk.confirmOnConsole(page);
  await form.getByRole('status').filter({ hasText: 'Đã áp dụng' }).waitFor();
  await form.locator('input[name=enrolment-code]').fill(enrolmentCode);
  await form.getByRole('button', { name: 'Đăng ký máy' }).click();
  await form.getByTestId('sync-identity').waitFor();
}

/** An A4 page at 150 dpi with a label on it, as a scanner would hand it over. */
export async function labelledPagePng(label: string): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#ffffff' } })
    .composite([
      {
        input: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754"><text x="100" y="300" font-size="80" font-family="DejaVu Sans">${label}</text></svg>`,
        ),
      },
    ])
    .withMetadata({ density: 150 })
    .png()
    .toBuffer();
}

/** In an open dossier: import one labelled page into the first component and save its PDF. */
export async function scanFirstComponent(page: Page, label: string): Promise<void> {
  await page.locator('.component-row').first().getByRole('button', { name: 'Quét / nhập tệp' }).click();
  await page.locator('input[name=scan-import]').setInputFiles({ name: `${label}.png`, mimeType: 'image/png', buffer: await labelledPagePng(label) });
  await page.locator('ol.thumbs li').first().waitFor();
  await page.getByRole('button', { name: 'Lưu thành PDF' }).click();
  await page.getByRole('button', { name: /Bản quét \(\d+ KB\)/ }).waitFor();
}
