// Bundle the viewer (Cytoscape.js + src/main.js) into ../api/static/viewer/, the query editor (YASGUI) into
// ../api/static/query/ and the API docs (Swagger UI) into ../api/static/swagger/, shipped with the package.
// Run: npm ci && npm run build  (the output is committed, so serving needs no Node.js and no CDN).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
// sigma.js and graphology are MIT-licensed: their licences travel with the bundle.
copyFileSync(join(here, "node_modules", "sigma", "LICENSE.txt"), join(out, "LICENSE.sigma.txt"));
copyFileSync(join(here, "node_modules", "graphology", "LICENSE.txt"), join(out, "LICENSE.graphology.txt"));

// The query editor: YASGUI's own build (MIT) and the page that starts it on this server's /sparql.
const yasgui = join(here, "node_modules", "@zazuko", "yasgui");
const query = join(here, "..", "api", "static", "query");
mkdirSync(query, { recursive: true });
for (const f of ["yasgui.min.js", "yasgui.min.css"]) copyFileSync(join(yasgui, "build", f), join(query, f));
// the package ships no LICENSE file: its package.json states the licence, which travels with the copy
const meta = JSON.parse(readFileSync(join(yasgui, "package.json"), "utf8"));
writeFileSync(join(query, "LICENSE.yasgui.txt"),
  `${meta.name} ${meta.version}: ${meta.license} licence (${meta.homepage || meta.repository?.url || ""}).\n`);
for (const f of ["index.html", "query.js", "query.css"]) copyFileSync(join(here, "src", "query", f), join(query, f));

// The API docs: Swagger UI 5 (Apache-2.0), which renders OpenAPI 3.1.
const swagger = join(here, "node_modules", "swagger-ui-dist");
const docs = join(here, "..", "api", "static", "swagger");
mkdirSync(docs, { recursive: true });
for (const f of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE", "NOTICE"]) {
  copyFileSync(join(swagger, f), join(docs, f));
}

// The map: Leaflet (BSD-2-Clause), no tile server.
const leaflet = join(here, "node_modules", "leaflet");
const mapOut = join(here, "..", "api", "static", "map");
mkdirSync(mapOut, { recursive: true });
for (const f of ["leaflet.js", "leaflet.css"]) copyFileSync(join(leaflet, "dist", f), join(mapOut, f));
copyFileSync(join(leaflet, "LICENSE"), join(mapOut, "LICENSE.leaflet.txt"));
for (const f of ["index.html", "map.js", "map.css"]) copyFileSync(join(here, "src", "map", f), join(mapOut, f));
