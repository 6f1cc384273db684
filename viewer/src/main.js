// Frontline KG graph viewer: sigma.js (WebGL) + graphology over the /viewer/* JSON routes; ForceAtlas2 runs in
// a web worker. Bundled by build.mjs into api/static/viewer/ (no CDN).
import Graph from "graphology";
import { circular } from "graphology-layout";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import Sigma from "sigma";
import { EdgeArrowProgram } from "sigma/rendering";

const TYPES = ["Person", "Organization", "Place", "Article"];
const LAYOUT_MS = 4000;          // the worker refines the layout this long after each load
const BIG = 1500;                // above this many nodes: edge labels only around the selected node, smaller dots
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = {
  view: params.get("view") || "full",
  measure: params.get("measure") || "weighted_degree",
  region: params.get("region") || "",
  from: params.get("from") || "",
  to: params.get("to") || "",
  limit: Number(params.get("limit") || 800),
  types: new Set((params.get("types") || "Person,Organization,Place").split(",")),
  relations: null,               // null: every relation drawn; else the set drawn
  focus: null,
  selected: null,
};
let colors = {};
let loads = 0;
const seq = { load: 0, node: 0, search: 0 };   // only the answer to the latest request of each kind is used
let layout = null;
let layoutTimer = null;

const graph = new Graph({ multi: true, type: "directed", allowSelfLoops: false });
const renderer = new Sigma(graph, $("graph"), {
  renderEdgeLabels: true,
  defaultEdgeType: "arrow",
  edgeProgramClasses: { arrow: EdgeArrowProgram },
  labelRenderedSizeThreshold: 7,
  labelDensity: 0.6,
  edgeLabelSize: 10,
  zIndex: true,
  hideEdgesOnMove: false,
  nodeReducer: (node, data) => {
    const out = { ...data };
    if (state.selected && !graph.hasNode(state.selected)) state.selected = null;   // gone with a reload
    if (state.selected && state.selected !== node && !graph.areNeighbors(state.selected, node)) {
      out.color = "#e6e6e6";
      out.label = "";
      out.zIndex = 0;
    } else if (state.selected === node) {
      out.highlighted = true;
      out.zIndex = 2;
    }
    return out;
  },
  edgeReducer: (edge, data) => {
    const out = { ...data };
    if (state.relations && !state.relations.has(data.relation)) out.hidden = true;
    if (state.selected && graph.hasNode(state.selected) && !graph.hasExtremity(edge, state.selected)) {
      out.color = "#f0f0f0";
      out.label = "";
    } else if (!state.selected && graph.order > BIG) {
      out.label = "";          // thousands of edge labels would cover the drawing: shown around a selection
    }
    return out;
  },
});
// for the browser test and for debugging from the console
window.viewer = { graph, renderer, state, select: (id) => select(id), showNode: (id) => showNode(id) };

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
  let max = 0;
  graph.forEachNode((_, a) => { max = Math.max(max, Number(a[state.measure] || 0)); });
  const [base, span] = graph.order > BIG ? [1.2, 9] : [3, 14];
  graph.forEachNode((n, a) => {
    const share = a.aggregate ? 0.6 : max > 0 ? Number(a[state.measure] || 0) / max : 0.3;
    graph.setNodeAttribute(n, "size", base + span * Math.sqrt(share));
  });
}

function edgeLabel(d) {
  const dates = (d.dates || []).filter(Boolean);
  return dates.length ? `${d.relation} ${dates[0]}${dates.length > 1 ? "…" : ""}` : d.relation;
}

function fill(body) {
  state.selected = null;
  graph.clear();
  // sigma reads `type` as the name of its drawing program: the entity type goes in `entityType`
  for (const { data: { type, ...d } } of body.elements.nodes) {
    graph.addNode(d.id, { ...d, entityType: type, color: colors[type] || colors.Unknown || "#999", x: 0, y: 0 });
  }
  for (const { data: { type, ...d } } of body.elements.edges) {
    if (!graph.hasNode(d.source) || !graph.hasNode(d.target)) continue;
    graph.addDirectedEdgeWithKey(d.id, d.source, d.target, {
      ...d, label: edgeLabel(d), size: Math.min(6, 1 + Math.log2(Number(d.weight || 1))), color: "#b8b8b8",
    });
  }
  circular.assign(graph, { scale: 100 });
  // a quick synchronous start for a readable first frame, then the worker refines it
  const settings = forceAtlas2.inferSettings(graph);
  forceAtlas2.assign(graph, { iterations: graph.order > 2000 ? 20 : 100, settings });
  applySizes();
}

function runLayout() {
  if (layout) { layout.kill(); layout = null; }
  clearTimeout(layoutTimer);
  if (graph.order < 2) return;
  layout = new FA2Layout(graph, { settings: forceAtlas2.inferSettings(graph) });
  layout.start();
  document.body.dataset.layout = "running";
  layoutTimer = setTimeout(() => {
    if (layout) layout.stop();
    document.body.dataset.layout = "done";
  }, LAYOUT_MS);
}

function renderRelations() {
  const present = new Set();
  graph.forEachEdge((_, a) => present.add(a.relation));
  const box = $("relations");
  box.replaceChildren(...[...present].sort().map((r) => {
    const input = el("input", { type: "checkbox", "data-relation": r });
    input.checked = !state.relations || state.relations.has(r);
    input.addEventListener("change", () => {
      const on = [...box.querySelectorAll("input")].filter((i) => i.checked).map((i) => i.dataset.relation);
      state.relations = on.length === present.size ? null : new Set(on);
      renderer.refresh();
    });
    return el("label", {}, input, ` ${r}`);
  }));
}

function renderLegend(meta) {
  $("legend").replaceChildren(...Object.entries(colors).filter(([t]) => t !== "Unknown").map(([t, c]) =>
    el("div", {}, el("span", { class: "dot", style: `background:${c}` }), t)));
  const agg = Object.entries(meta.aggregated || {}).map(([t, n]) => `${n} ${t}`).join(", ");
  const around = state.focus && graph.hasNode(state.focus)
    ? ` — expanded around ${graph.getNodeAttribute(state.focus, "label")}` : "";
  $("status").textContent = `${meta.view}: showing ${meta.shown_nodes} of ${meta.total_nodes} nodes, ` +
    `${meta.total_edges} edges` + (agg ? ` — folded into aggregates: ${agg}` : "") + around;
}

async function load() {
  const mine = ++seq.load;
  $("status").textContent = "Loading…";
  let body;
  try {
    body = await getJSON(dataURL());
    if (mine !== seq.load) return;      // a newer load was asked for meanwhile
  } catch (err) {
    if (mine !== seq.load) return;
    $("status").textContent = `Error: ${err.message}`;
    loads += 1;
    document.body.dataset.error = err.message;
    document.body.dataset.loaded = String(loads);
    return;
  }
  colors = body.colors || {};
  if (!$("view").options.length) {
    for (const v of body.views) $("view").append(el("option", { value: v }, v));
  }
  $("view").value = state.view;
  if (layout) { layout.kill(); layout = null; }
  fill(body);
  renderRelations();
  renderLegend(body.meta);
  renderer.setSetting("hideEdgesOnMove", graph.order > BIG);
  renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  renderer.refresh();
  runLayout();
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

async function showNode(id) {
  const mine = ++seq.node;
  state.selected = graph.hasNode(id) ? id : null;
  renderer.refresh();
  const panel = $("details");
  const attrs = graph.hasNode(id) ? graph.getNodeAttributes(id) : {};
  if (attrs.aggregate) {
    panel.replaceChildren(el("h2", {}, attrs.label),
      el("p", { class: "hint" }, "These nodes are folded together to keep the drawing readable. Search for one, " +
        "narrow the view (region, dates, types) or raise the node limit to see them."));
    return;
  }
  panel.replaceChildren(el("p", { class: "hint" }, "Loading…"));
  let d;
  try {
    d = await getJSON(`/viewer/node?id=${encodeURIComponent(id)}`);
  } catch (err) {
    if (mine === seq.node) panel.replaceChildren(el("p", {}, `Error: ${err.message}`));
    return;
  }
  if (mine !== seq.node) return;        // another node was clicked meanwhile
  const others = d.labels.filter((l) => l !== d.label);
  const facts = [
    el("h2", {}, el("span", { class: "dot", style: `background:${colors[d.type] || "#999"}` }), d.label),
    el("div", { class: "labels" }, [d.type, d.level, d.pinyin, ...others].filter(Boolean).join(" · ")),
    ...(d.titles && d.titles.length ? [el("div", { class: "titles" }, "Post: " + d.titles.join(", "))] : []),
    el("div", { class: "iri" }, el("a", { href: d.page || "#", target: "_blank", rel: "noopener" }, "page"),
      " ", el("small", {}, d.id)),
  ];
  const more = el("button", { type: "button", id: "expand" }, "Expand its neighbourhood");
  more.addEventListener("click", () => expand(id));
  facts.push(more);
  for (const rel of d.relations) facts.push(relationBlock(rel));
  if (d.articles.length) {
    facts.push(el("h3", {}, "Articles"), el("ul", {}, ...d.articles.map((a) =>
      el("li", {}, el("a", { href: a.link, target: "_blank", rel: "noopener" }, a.title || a.id)))));
  }
  panel.replaceChildren(...facts);
}

function centre(id) {
  const pos = renderer.getNodeDisplayData(id);
  if (pos) renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.4 }, { duration: 300 });
}

async function select(id) {
  if (!graph.hasNode(id) || graph.getNodeAttribute(id, "aggregate")) {
    // not drawn (filtered or folded): reload with it and its neighbours kept
    state.focus = id;
    await load();
  }
  await showNode(id);
  if (graph.hasNode(id)) centre(id);
}

async function expand(id) {
  // a click on a drawn node keeps it and its whole neighbourhood in the next load
  if (state.focus === id) return;
  state.focus = id;
  await load();
  await showNode(id);
  if (graph.hasNode(id)) centre(id);
}

let searchTimer = null;
async function search() {
  const mine = ++seq.search;
  const q = $("search").value.trim();
  const list = $("search-results");
  if (!q) { list.replaceChildren(); list.dataset.q = ""; return; }
  let body;
  try {
    body = await getJSON(`/viewer/search?${new URLSearchParams({ q, view: state.view })}`);
  } catch (err) {
    if (mine === seq.search) list.replaceChildren(el("li", {}, `Error: ${err.message}`));
    return;
  }
  if (mine !== seq.search) return;      // a newer query was typed meanwhile
  list.dataset.q = q;                   // the results shown are this query's
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
  state.limit = Math.max(10, Math.min(10000, Number($("limit").value) || 800));
  state.types = new Set(TYPES.filter((t) => $(`type-${t}`).checked));
  state.focus = null;
  state.selected = null;
  state.relations = null;
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
  renderer.on("clickNode", ({ node }) => { showNode(node); });
  renderer.on("doubleClickNode", ({ node, preventSigmaDefault }) => { preventSigmaDefault(); expand(node); });
  renderer.on("clickStage", () => { state.selected = null; renderer.refresh(); });
  load();
}

init();
