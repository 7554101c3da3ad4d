// Browser tests run in Debian's Chromium (never a downloaded browser) with fake media
// devices; pages are served from 127.0.0.1 and nothing else is reachable.
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.mjs',
  timeout: 30_000,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'build/playwright-results.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
});
