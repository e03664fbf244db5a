// Bundles the console's browser code (src/console.js: bpmn-js's NavigatedViewer, form-js's viewer,
// the pages' scripts) and its CSS into OUT_DIR/console.js and OUT_DIR/console.css.
//
//   node tools/console-ui/build.mjs OUT_DIR
//
// Maven runs it at generate-resources with OUT_DIR = target/classes/static/console.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node tools/console-ui/build.mjs OUT_DIR');
  process.exit(2);
}

await build({
  entryPoints: [join(here, 'src/console.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: outDir,
  entryNames: 'console',
  define: { 'process.env.NODE_ENV': '"production"' },
  // bpmn-js's icon font is for the modeler's palette; the viewer draws no icons from it.
  loader: { '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.eot': 'empty', '.svg': 'dataurl' },
  logLevel: 'warning',
  legalComments: 'linked',
});
