// The officer's first steps, shared by the end-to-end tests and the benchmarks.
import type { Page } from 'playwright-core';

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

/** Signs in from the sign-in screen and waits for the desk. */
export async function signIn(page: Page, account: Account): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(account.username);
  await page.getByLabel('Mật khẩu').fill(account.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).waitFor();
}
