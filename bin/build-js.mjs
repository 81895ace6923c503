// ECharts cut down to what the pages draw: bin/echarts.mjs imports, through ECharts'
// documented modular API, only the line chart, the grid, legend and tooltip components
// and the canvas renderer; esbuild (pinned in package-lock.json) bundles and minifies it
// into build/js/echarts.min.js, which settings.py serves as vendor/echarts/echarts.min.js.
// bin/setup runs it (`npm run build:js`).
import { build } from "esbuild";
import { statSync } from "node:fs";

const outfile = "build/js/echarts.min.js";
await build({
  entryPoints: ["bin/echarts.mjs"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2017",
  legalComments: "none",
  outfile,
});
console.log(`${outfile}: ${(statSync(outfile).size / 1024).toFixed(1)} KiB`);
