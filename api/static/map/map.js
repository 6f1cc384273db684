// Frontline KG map: Leaflet, no tiles (works offline). Points and lines come from /graph/{view}?format=geojson,
// province seats from /map/seats for orientation.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const COLORS = { Person: "#e4572e", Organization: "#4c78a8", Place: "#54a24b" };
  const map = L.map("map", { zoomSnap: 0.25, preferCanvas: false }).setView([34.5, 104], 4);
  const seats = L.layerGroup().addTo(map);
  let layer = null;
  let base = "";
  window.frontlineMap = {
    map: map,
    features: () => (layer ? layer.getLayers().length : 0),
    points: () => (layer ? layer.getLayers().filter((l) => l.feature.geometry.type === "Point") : []),
  };

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  }

  function popup(props) {
    if (props.element === "edge") {
      const sentences = String(props.evidence || "").split(" | ").filter(Boolean).slice(0, 3);
      return `<strong>${esc(props.relation)}</strong> ×${esc(props.weight)}` +
        (props.dates ? ` <small>${esc(props.dates)}</small>` : "") +
        sentences.map((s) => `<q>${esc(s)}</q>`).join("");
    }
    const id = String(props.id || "");
    const page = base && id.startsWith(base) ? "/id/" + id.slice(base.length) : id;
    return `<a href="${esc(page)}" target="_blank" rel="noopener"><strong>${esc(props.label)}</strong></a> ` +
      `<small>${esc(props.type)}${props.level ? " · " + esc(props.level) : ""}` +
      `${props.approximate ? " · placed at an enclosing division" : ""}</small>`;
  }

  function draw(doc) {
    if (layer) map.removeLayer(layer);
    layer = L.geoJSON(doc, {
      filter: (f) => f.geometry !== null,
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {
        radius: f.properties.type === "Place" ? 6 : 4, className: "kg-point",
        color: COLORS[f.properties.type] || "#999", weight: 2,
        fillOpacity: f.properties.approximate ? 0.15 : 0.8,
      }),
      style: (f) => f.geometry.type === "LineString"
        ? { color: f.properties.relation === "supports" ? "#8e44ad" : "#e4572e", className: "kg-line",
            weight: Math.min(6, 1 + Number(f.properties.weight || 1)), opacity: 0.6 }
        : {},
      onEachFeature: (f, l) => l.bindPopup(() => popup(f.properties)),   // built when opened: base is known
    }).addTo(map);
    const drawn = layer.getLayers().length;
    const total = doc.features.length;
    $("status").textContent = `${drawn} of ${total} features located` + (drawn < total ? " (the rest have no coordinates)" : "");
    if (drawn) map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 10 });
    document.body.dataset.ready = String(Number(document.body.dataset.ready || 0) + 1);
  }

  let seq = 0;
  async function load() {
    const mine = ++seq;
    $("status").textContent = "Loading…";
    const q = new URLSearchParams({ format: "geojson" });
    for (const k of ["region", "from", "to"]) if ($(k).value) q.set(k, $(k).value.trim());
    const r = await fetch(`/graph/${encodeURIComponent($("view").value)}?${q}`);
    if (!r.ok) {
      const body = await r.json().catch(() => ({}));
      $("status").textContent = `Error: ${body.message || r.status}`;
      document.body.dataset.ready = String(Number(document.body.dataset.ready || 0) + 1);
      return;
    }
    const doc = await r.json();
    if (mine === seq) draw(doc);        // only the latest request is drawn
  }

  fetch("/map/seats").then((r) => r.json()).then((body) => {
    base = body.base;
    for (const s of body.seats) {
      L.circleMarker([s.lat, s.lon], { radius: 2, color: "#9aa7b5", weight: 1, fillOpacity: 1, interactive: false })
        .addTo(seats);
      L.marker([s.lat, s.lon], { icon: L.divIcon({ className: "seat", html: esc(s.name), iconSize: [60, 14], iconAnchor: [-4, 7] }), interactive: false }).addTo(seats);
    }
  });
  const params = new URLSearchParams(location.search);
  for (const k of ["view", "region", "from", "to"]) if (params.get(k)) $(k).value = params.get(k);
  $("apply").addEventListener("click", load);
  $("view").addEventListener("change", load);
  load();
})();
