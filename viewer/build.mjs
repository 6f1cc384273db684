// Bundle the viewer (Cytoscape.js + src/main.js) into ../api/static/viewer/, shipped with the package.
// Run: npm ci && npm run build  (the output is committed, so serving needs no Node.js and no CDN).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "api", "static", "viewer");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: join(out, "viewer.js"),
  legalComments: "eof",
  logLevel: "info",
});
copyFileSync(join(here, "src", "index.html"), join(out, "index.html"));
copyFileSync(join(here, "src", "viewer.css"), join(out, "viewer.css"));
// Cytoscape.js is MIT-licensed: its licence travels with the bundle.
copyFileSync(join(here, "node_modules", "cytoscape", "LICENSE"), join(out, "LICENSE.cytoscape.txt"));
