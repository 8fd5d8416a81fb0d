import type { Page } from '@playwright/test';
import type { Persona } from './personas';

/** Fills and submits the sign-in form on the current page. */
export async function signIn(page: Page, persona: Persona) {
  await page.getByLabel('Email').fill(persona.email);
  await page.getByLabel('Password').fill(persona.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
