/**
 * The Mandelbrot figure of the isolates lesson is really drawn: isolates
 * started from inside the kernel worker fill the shared grid, the kernel paints
 * it on an OffscreenCanvas, and the page shows a PNG whose pixels hold the heat
 * map and its colour bar. And isolates a cell leaves running end with the
 * kernel when it restarts.
 */
import { expect, test } from '@playwright/test';
import { cell, outputText, waitForNotebook } from './support/notebook.ts';

const SIZE = 800;
/** Where the colour bar's middle column is: the grid, a gap of 14 px, half the 22 px bar. */
const BAR_X = SIZE + 14 + 11;

type Rgb = [number, number, number];

test('isolates: the parallel Mandelbrot set is drawn with a heat map and a colour bar', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/lessons/isolates/');
  await waitForNotebook(page);
  for (const id of ['hello', 'mandelbrot-kernel', 'rows-code', 'mandelbrot-parallel']) {
    await cell(page, id).locator('[data-cell-run]').click();
    await expect(cell(page, id)).toHaveAttribute('data-cell-status', 'done', { timeout: 60_000 });
  }
  const target = cell(page, 'mandelbrot-parallel');
  const image = target.locator('[data-cell-output] img');
  await expect(image).toHaveCount(1);
  expect(await outputText(target)).toBe(
    'canvas 800×800, hot 0–100, colour bar, checksum a0d33ba5\nsame step counts as the kernel: true',
  );

  const probe = await image.evaluate(
    async (element, { size, barX }) => {
      const img = element as HTMLImageElement;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(img, 0, 0);
      const at = (x: number, y: number): Rgb => {
        const [r = 0, g = 0, b = 0] = context.getImageData(x, y, 1, 1).data;
        return [r, g, b];
      };
      const colours = new Set<string>();
      for (let y = 0; y < size; y += 20) {
        for (let x = 0; x < size; x += 20) colours.add(at(x, y).join(','));
      }
      return {
        width: img.naturalWidth,
        height: img.naturalHeight,
        distinct: colours.size,
        centre: at(size / 2, size / 2),
        corner: at(0, 0),
        barTop: at(barX, 2),
        barMiddle: at(barX, size / 2),
        barBottom: at(barX, size - 3),
      };
    },
    { size: SIZE, barX: BAR_X },
  );

  expect(probe.width).toBeGreaterThan(SIZE);
  expect(probe.height).toBe(SIZE);
  // Not blank: the grid holds many colours of the map.
  expect(probe.distinct).toBeGreaterThan(10);
  // The origin is in the set (white); the corner −2−2i escapes at once (black).
  expect(probe.centre).toEqual([255, 255, 255]);
  expect(Math.max(...probe.corner)).toBeLessThan(40);
  // The colour bar runs from white at the top, through orange, to black at the bottom.
  expect(Math.min(...probe.barTop)).toBeGreaterThan(220);
  expect(probe.barMiddle[0]).toBeGreaterThan(220);
  expect(probe.barMiddle[2]).toBeLessThan(40);
  expect(Math.max(...probe.barBottom)).toBeLessThan(40);
  expect(pageErrors).toEqual([]);
});

test('isolates: a kernel restart ends the isolates its cells started', async ({ page }) => {
  const closed: Promise<unknown>[] = [];
  page.on('worker', (worker) => {
    if (worker.url().includes('/isolate.worker')) {
      closed.push(new Promise((done) => worker.once('close', done)));
    }
  });
  await page.goto('/lessons/isolates/');
  await waitForNotebook(page);
  // `hello` destroys its isolate; `cannot-see` leaves its isolate alive.
  for (const id of ['hello', 'cannot-see']) {
    await cell(page, id).locator('[data-cell-run]').click();
    await expect(cell(page, id)).toHaveAttribute('data-cell-status', 'done');
  }
  expect(closed.length).toBe(2);
  await closed[0];
  const isolateWorkers = () =>
    page.workers().filter((worker) => worker.url().includes('/isolate.worker'));
  expect(isolateWorkers().length).toBe(1);
  await page.locator('[data-notebook-restart]').click();
  await Promise.all(closed);
  expect(isolateWorkers()).toEqual([]);
});
