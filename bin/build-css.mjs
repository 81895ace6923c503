// Bootstrap's CSS cut down to the selectors our pages use (PurgeCSS, pinned in
// package-lock.json), written to build/css/bootstrap.min.css; bin/setup runs it
// (`npm run build:css -- SITE_PACKAGES`) and settings.py serves it as
// vendor/bootstrap-purged/bootstrap.min.css.
//
// Content searched for class names: our templates, Python (tables, widgets, format_html)
// and scripts; the templates of django-tables2 and of Django's form widgets, from
// SITE_PACKAGES. Safelisted: names built in a template ("alert-{{ level }}",
// "text-bg-{% if … %}"), the classes Bootstrap's collapse, dropdown and alert scripts
// add (show, collapsing, collapsed, fade) and htmx's (htmx-request, htmx-settling, …).
import { mkdirSync, writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const sitePackages = process.argv[2];
if (!sitePackages) {
  console.error("usage: node bin/build-css.mjs SITE_PACKAGES");
  process.exit(2);
}
const [result] = await new PurgeCSS().purge({
  css: ["node_modules/bootstrap/dist/css/bootstrap.min.css"],
  content: [
    "templates/**/*.html",
    "{accounts,actions,reporting,scoring,meetings,outlets,showcase}/**/*.py",
    "static/js/*.js",
    `${sitePackages}/django_tables2/templates/django_tables2/*.html`,
    `${sitePackages}/django/forms/templates/django/forms/**/*.html`,
  ],
  safelist: {
    standard: [/^alert-/, /^text-bg-/, /^htmx-/, "show", "collapsing", "collapsed", "fade"],
    greedy: [/^dropdown-menu/], // .dropdown-menu[data-bs-popper], set by Popper
  },
  keyframes: true,
  variables: true,
  fontFace: true,
});
mkdirSync("build/css", { recursive: true });
writeFileSync("build/css/bootstrap.min.css", result.css);
const kib = (n) => (n / 1024).toFixed(1);
console.log(`build/css/bootstrap.min.css: ${kib(result.css.length)} KiB`);
