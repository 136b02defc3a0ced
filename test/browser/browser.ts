import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#libs/testing';
import { zh } from '../../apps/console/src/i18n/zh.js';

/** Screenshots of every main page, kept as the run's artefacts (git-ignored). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');

/** Debian's chromium (`scripts/ensure-debian-packages.sh --with-browser` installs it); CHROMIUM_PATH points elsewhere. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // playwright gives every launch a fresh, temporary user-data-dir.
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The Chinese text of a console key: the tests read the page as a user does. */
export const text = (key: keyof typeof zh, values: Record<string, string | number> = {}) =>
  zh[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

/**
 * A fresh browser context (no cookies, no storage) for one person, in the county's zone on purpose not
 * set. The person asks for reduced motion: dialogs open at once, so a click never lands on a button
 * still zooming into place (a slow machine's animation frames made that flaky).
 */
export async function personOn(
  browser: Browser,
  baseURL: string,
  width = 1280,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width, height: 900 },
    timezoneId: 'Europe/London',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return { context, page };
}

export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(text('signIn.username')).fill(username);
  await page.getByLabel(text('signIn.password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: text('signIn.submit') }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Picks an option of the antd Select labelled `label` (the open dropdown is the visible one). */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** Serious and critical accessibility violations of the page as it stands (axe-core). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
}

/** Keeps a screenshot of the page and checks it for accessibility problems. */
export async function checkPage(page: Page, name: string): Promise<void> {
  // Loaded: no spinner left (a table's or a card's).
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
  await page.waitForTimeout(500); // Ant Design's fade once loading ends
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  expect({ page: name, problems: await accessibilityProblems(page) }).toEqual({ page: name, problems: [] });
}
