// The query page: run SPARQL against /sparql and show SELECT results as a table.
"use strict";
(function () {
  const form = document.getElementById("query-form");
  const query = document.getElementById("query");
  const examples = document.getElementById("examples");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const format = document.getElementById("format");

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  function showTable(data) {
    results.replaceChildren();
    if (typeof data.boolean === "boolean") {
      const p = document.createElement("p");
      p.textContent = "ASK: " + data.boolean;
      results.appendChild(p);
      return;
    }
    const vars = data.head.vars;
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const b of data.results.bindings) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(b[v]));
    }
    results.appendChild(table);
    setStatus(data.results.bindings.length + " rows");
  }

  async function run(accept) {
    const started = performance.now();
    setStatus("running…");
    const resp = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
      body: new URLSearchParams({ query: query.value }),
    });
    const ms = Math.round(performance.now() - started);
    if (!resp.ok) {
      let message = resp.status + " " + resp.statusText;
      try { message = (await resp.json()).message || message; } catch (e) { /* not JSON */ }
      setStatus(message, true);
      return null;
    }
    if (resp.headers.get("X-KG-Truncated")) setStatus("results cut at the row cap");
    return { resp, ms };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = await run("application/sparql-results+json, text/turtle;q=0.9");
    if (!out) return;
    const type = out.resp.headers.get("Content-Type") || "";
    if (type.includes("sparql-results+json")) {
      showTable(await out.resp.json());
    } else {
      results.replaceChildren();
      const pre = document.createElement("pre");
      pre.textContent = await out.resp.text();
      results.appendChild(pre);
      setStatus("graph result");
    }
    status.textContent += " (" + out.ms + " ms)";
  });

  document.getElementById("download").addEventListener("click", async () => {
    const out = await run(format.value);
    if (!out) return;
    const blob = await out.resp.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "results";
    a.click();
    setStatus("downloaded");
  });

  fetch("/examples").then((r) => r.json()).then((list) => {
    for (const ex of list) {
      const opt = document.createElement("option");
      opt.value = ex.sparql;
      opt.textContent = ex.title;
      examples.appendChild(opt);
    }
  });
  examples.addEventListener("change", () => { if (examples.value) query.value = examples.value; });
  // a page's "open this query" link: /query?query=...
  const given = new URLSearchParams(window.location.search).get("query");
  if (given) query.value = given;
})();
