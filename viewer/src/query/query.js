// The query editor: YASGUI (bundled, offline) on this server's /sparql, one tab per example query;
// ?query=... (the "open this query" link of every entity page) opens first, in a tab of its own.
(function () {
  "use strict";
  const endpoint = new URL("/sparql", window.location.href).href;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null,                        // every visit starts from the examples, not a stale session
    populateFromUrl: false,                     // ?query= is read below, once
    yasqe: { autocompleters: ["variables"] },   // the other autocompleters ask services on the web
  });
  window.frontlineYasgui = yasgui;
  const given = new URLSearchParams(window.location.search).get("query");
  fetch("/examples").then((r) => r.json()).then((examples) => {
    const items = given ? [{ title: "this page's query", sparql: given }].concat(examples) : examples;
    const first = yasgui.getTab();
    items.forEach((ex, i) => {
      if (i === 0 && first) {
        first.setName(ex.title);
        first.setQuery(ex.sparql);
      } else {
        yasgui.addTab(false, { name: ex.title, yasqe: { value: ex.sparql } });
      }
    });
    if (first) yasgui.selectTabId(first.getId());
    document.body.dataset.ready = "true";
  });
})();
