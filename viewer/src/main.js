// Frontline KG graph viewer: Cytoscape.js over the /viewer/* JSON routes. Bundled by build.mjs.
import cytoscape from "cytoscape";

const TYPES = ["Person", "Organization", "Place", "Article"];
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = {
  view: params.get("view") || "full",
  measure: params.get("measure") || "weighted_degree",
  region: params.get("region") || "",
  from: params.get("from") || "",
  to: params.get("to") || "",
  limit: Number(params.get("limit") || 400),
  types: new Set((params.get("types") || "Person,Organization,Place").split(",")),
  focus: null,
};
let colors = {};
let loads = 0;

const cy = cytoscape({ container: $("cy"), elements: [], wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4 });
window.cy = cy; // for debugging and the browser test

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k === "style") e.style.cssText = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.message || `${r.status} ${r.statusText}`);
  return body;
}

function dataURL() {
  const q = new URLSearchParams({ limit: String(state.limit), types: [...state.types].join(",") });
  if (state.region) q.set("region", state.region);
  if (state.from) q.set("from", state.from);
  if (state.to) q.set("to", state.to);
  if (state.focus) q.set("focus", state.focus);
  return `/viewer/data/${encodeURIComponent(state.view)}?${q}`;
}

function applySizes() {
  const values = cy.nodes().map((n) => Number(n.data(state.measure) || 0));
  const max = Math.max(0, ...values);
  cy.batch(() => cy.nodes().forEach((n) => {
    n.data("size", n.data("aggregate") ? 0.6 : max > 0 ? Number(n.data(state.measure) || 0) / max : 0.3);
  }));
}

function renderLegend(meta) {
  const legend = $("legend");
  legend.replaceChildren(...Object.entries(colors).filter(([t]) => t !== "Unknown").map(([t, c]) =>
    el("div", {}, el("span", { class: "dot", style: `background:${c}` }), t)));
  const agg = Object.entries(meta.aggregated || {}).map(([t, n]) => `${n} ${t}`).join(", ");
  $("status").textContent = `${meta.view}: showing ${meta.shown_nodes} of ${meta.total_nodes} nodes, ` +
    `${meta.total_edges} edges` + (agg ? ` — folded into aggregates: ${agg}` : "");
}

async function load() {
  $("status").textContent = "Loading…";
  let body;
  try {
    body = await getJSON(dataURL());
  } catch (err) {
    $("status").textContent = `Error: ${err.message}`;
    return;
  }
  colors = body.colors || {};
  if (!$("view").options.length) {
    for (const v of body.views) $("view").append(el("option", { value: v }, v));
  }
  $("view").value = state.view;
  cy.style(body.style);
  cy.elements().remove();
  cy.add([...body.elements.nodes, ...body.elements.edges]);
  applySizes();
  const n = cy.nodes().length;
  const layout = n <= 250
    ? { name: "cose", animate: false, randomize: true, nodeRepulsion: () => 9000, idealEdgeLength: () => 70,
        numIter: 1000 }
    : { name: "concentric", concentric: (node) => node.data("size"), levelWidth: () => 0.1, animate: false };
  cy.layout(layout).run();
  cy.fit(undefined, 30);
  renderLegend(body.meta);
  loads += 1;
  document.body.dataset.loaded = String(loads); // tests wait for this to change

}

function relationBlock(rel) {
  const arrow = rel.direction === "out" ? "→" : "←";
  const head = el("div", {}, `${arrow} ${rel.relation} `, el("strong", {}, rel.other_label),
    ` (${rel.other_type}, weight ${rel.weight}${rel.dates.length ? ", " + rel.dates.join(", ") : ""})`);
  const list = el("ul", { class: "evidence" });
  for (const ev of rel.evidence) {
    list.append(el("li", {}, el("q", { class: "sentence" }, ev.text), " ",
      el("a", { href: ev.link, target: "_blank", rel: "noopener" }, `[${ev.article}]`)));
  }
  return el("div", { class: "relation" }, head, list);
}

function highlight(node) {
  cy.batch(() => {
    cy.elements().removeClass("faded");
    if (node && node.nonempty()) cy.elements().not(node.closedNeighborhood()).addClass("faded");
  });
}

async function showNode(id) {
  const node = cy.getElementById(id);
  highlight(node);
  const panel = $("details");
  if (node.nonempty() && node.data("aggregate")) {
    panel.replaceChildren(el("h2", {}, node.data("label")),
      el("p", { class: "hint" }, "These nodes are folded together to keep the drawing fast. Narrow the view " +
        "(region, dates, types) or raise the node limit to see them."));
    return;
  }
  panel.replaceChildren(el("p", { class: "hint" }, "Loading…"));
  let d;
  try {
    d = await getJSON(`/viewer/node?id=${encodeURIComponent(id)}`);
  } catch (err) {
    panel.replaceChildren(el("p", {}, `Error: ${err.message}`));
    return;
  }
  const others = d.labels.filter((l) => l !== d.label);
  const facts = [
    el("h2", {}, el("span", { class: "dot", style: `background:${colors[d.type] || "#999"}` }), d.label),
    el("div", { class: "labels" }, [d.type, d.level, d.pinyin, ...others].filter(Boolean).join(" · ")),
    ...(d.titles && d.titles.length ? [el("div", { class: "titles" }, "Post: " + d.titles.join(", "))] : []),
    el("div", { class: "iri" }, el("small", {}, d.id)),
  ];
  for (const rel of d.relations) facts.push(relationBlock(rel));
  if (d.articles.length) {
    facts.push(el("h3", {}, "Articles"), el("ul", {}, ...d.articles.map((a) =>
      el("li", {}, el("a", { href: a.link, target: "_blank", rel: "noopener" }, a.title || a.id)))));
  }
  panel.replaceChildren(...facts);
}

async function select(id) {
  let node = cy.getElementById(id);
  if (node.empty()) { // not drawn (filtered or folded): reload with it and its neighbours kept
    state.focus = id;
    await load();
    node = cy.getElementById(id);
  }
  cy.elements().unselect();
  if (node.nonempty()) {
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 0.8) }, { duration: 300 });
  }
  await showNode(id);
}

let searchTimer = null;
async function search() {
  const q = $("search").value.trim();
  const list = $("search-results");
  if (!q) { list.replaceChildren(); return; }
  let body;
  try {
    body = await getJSON(`/viewer/search?${new URLSearchParams({ q, view: state.view })}`);
  } catch (err) {
    list.replaceChildren(el("li", {}, `Error: ${err.message}`));
    return;
  }
  if (!body.hits.length) { list.replaceChildren(el("li", { class: "hint" }, "No match")); return; }
  list.replaceChildren(...body.hits.map((h) => {
    const li = el("li", { tabindex: "0", "data-id": h.id },
      el("span", { class: "dot", style: `background:${colors[h.type] || "#999"}` }), h.label,
      el("small", {}, ` ${h.type}`));
    li.addEventListener("click", () => select(h.id));
    li.addEventListener("keydown", (e) => { if (e.key === "Enter") select(h.id); });
    return li;
  }));
}

function readControls() {
  state.view = $("view").value || state.view;
  state.region = $("region").value.trim();
  state.from = $("from").value;
  state.to = $("to").value;
  state.limit = Math.max(10, Math.min(5000, Number($("limit").value) || 400));
  state.types = new Set(TYPES.filter((t) => $(`type-${t}`).checked));
  state.focus = null;
}

function init() {
  $("types").append(...TYPES.map((t) => el("label", {},
    el("input", Object.assign({ type: "checkbox", id: `type-${t}` }, state.types.has(t) ? { checked: "" } : {})),
    ` ${t}`)));
  $("measure").value = state.measure;
  $("region").value = state.region;
  $("from").value = state.from;
  $("to").value = state.to;
  $("limit").value = String(state.limit);
  $("measure").addEventListener("change", () => { state.measure = $("measure").value; applySizes(); });
  $("apply").addEventListener("click", () => { readControls(); load(); });
  $("view").addEventListener("change", () => { readControls(); load(); });
  $("search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 200); });
  $("search").addEventListener("keydown", (e) => { if (e.key === "Enter") { clearTimeout(searchTimer); search(); } });
  cy.on("tap", "node", (e) => showNode(e.target.id()));
  cy.on("tap", (e) => { if (e.target === cy) highlight(null); });
  load();
}

init();
