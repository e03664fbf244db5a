// Renders BPMN files to SVG and PNG with bpmn-js's viewer in headless Chromium.
//
//   node tools/bpmn-render/render.mjs OUT_DIR FILE.bpmn...
//
// Writes OUT_DIR/NAME.svg (bpmn-js's own export) and OUT_DIR/NAME.png (a screenshot of the same
// diagram) for each FILE. The browser is Debian's /usr/bin/chromium (CHROMIUM overrides it): a
// browser downloaded by Playwright cannot be had on Modelship's CI machine.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node tools/bpmn-render/render.mjs OUT_DIR FILE.bpmn...');
  process.exit(2);
}

// bpmn-js names arrow markers with random ids; number them in order so one diagram gives one file.
function stableIds(svg) {
  const ids = new Map();
  return svg.replace(/marker-[a-z0-9]+/g, id => {
    if (!ids.has(id)) {
      ids.set(id, `marker-${ids.size + 1}`);
    }
    return ids.get(id);
  });
}

const viewer = join(here, 'node_modules/bpmn-js/dist/bpmn-viewer.production.min.js');
const css = ['diagram-js.css', 'bpmn-js.css'].map(f => join(here, 'node_modules/bpmn-js/dist/assets', f));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // The machine has no network but package registries: keep Chromium from calling home.
  // (Playwright gives it a fresh, empty profile of its own.)
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await mkdir(outDir, { recursive: true });
  for (const file of files) {
    const name = basename(file, '.bpmn');
    const page = await browser.newPage({ viewport: { width: 1800, height: 1000 }, deviceScaleFactor: 1 });
    await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"><div id="canvas" style="width:100vw;height:100vh"></div></body></html>');
    for (const path of css) {
      await page.addStyleTag({ path });
    }
    await page.addScriptTag({ path: viewer });
    const xml = await readFile(file, 'utf8');
    const result = await page.evaluate(async (xml) => {
      const bpmnViewer = new window.BpmnJS({ container: '#canvas' });
      try {
        const { warnings } = await bpmnViewer.importXML(xml);
        const canvas = bpmnViewer.get('canvas');
        canvas.zoom('fit-viewport', 'auto');
        const { svg } = await bpmnViewer.saveSVG();
        const box = canvas.viewbox().inner;
        return { svg, warnings: warnings.map(w => w.message), width: box.width, height: box.height };
      } catch (e) {
        return { error: String(e && e.message || e) };
      }
    }, xml);
    if (result.error) {
      throw new Error(`Expected ${file} to render, but bpmn-js said: ${result.error}`);
    }
    for (const warning of result.warnings) {
      console.error(`${file}: ${warning}`);
    }
    await writeFile(join(outDir, `${name}.svg`), stableIds(result.svg) + '\n');
    // The PNG shows the diagram at its natural size (plus a margin), not squeezed into the window.
    const margin = 20;
    const width = Math.ceil(result.width) + 2 * margin;
    const height = Math.ceil(result.height) + 2 * margin;
    await page.setViewportSize({ width, height });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">
      <div style="padding:${margin}px">${result.svg}</div></body></html>`);
    await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
    await page.close();
    console.log(`${join(outDir, name)}.svg and .png (${width}x${height})`);
  }
} finally {
  await browser.close();
}
