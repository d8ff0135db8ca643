/* Network explorer: search the hub, draw a node's neighbourhood with Cytoscape, inspect, expand,
   highlight gaps and paths. Plain JavaScript, no build step; every request goes to this hub's /graphql,
   with the visitor's token (kept in this tab's sessionStorage only) when one is given. */
"use strict";

(function () {
  const GRAPHQL_URL = "/graphql";
  const KINDS = [
    ["PLAN", "Plan", "#6d28d9"],
    ["INITIATIVE", "Initiative", "#2563eb"],
    ["TASK", "Task", "#0891b2"],
    ["AGENCY", "Agency", "#d97706"],
    ["CREATIVE_SPACE", "Creative space", "#16a34a"],
    ["DESIGNER", "Designer", "#db2777"],
    ["CITY", "City", "#dc2626"],
    ["EVENT", "Event", "#4b5563"],
  ];
  const KIND_COLOUR = Object.fromEntries(KINDS.map(([kind, , colour]) => [kind, colour]));
  const KIND_LABEL = Object.fromEntries(KINDS.map(([kind, label]) => [kind, label]));

  const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 10) { id kind name }
}`;
  const NEIGHBORHOOD = `query Neighborhood($of: ID!, $depth: Int!) {
  network {
    neighborhood(of: $of, depth: $depth) {
      nodes { id kind name }
      edges { id kind role from { id } to { id } }
    }
  }
}`;
  const DETAILS = `query Details($id: ID!) {
  node(id: $id) {
    id kind name
    links(first: 50) { totalCount edges { node { kind role other { id kind name } } } }
  }
}`;
  const GAPS = `query Gaps {
  network { gaps { noLead { reason node { id kind name } } } }
  overdueReports { period daysLate assignment { from { id name } to { id name } } }
}`;
  const VIEWER = `query Viewer {
  viewer { role name city { name } agency { name } }
}`;
  const TOKEN_KEY = "creative-hub.explore.token";
  // The page's own words, in the two languages the hub speaks; names come from the hub itself.
  const TEXT = {
    vi: {
      access: "Truy cập",
      tokenLabel: "Token API",
      tokenUse: "Dùng",
      tokenForget: "Quên",
      tokenHint: "Chỉ giữ trong tab này; gửi kèm mỗi yêu cầu.",
      gapsToggle: "Tô sáng chỗ hổng",
      legendNoLead: "Chưa có cơ quan chủ trì",
      legendOverdue: "Cơ quan trễ báo cáo tiến độ",
      anonymous: "Không có token: chỉ đọc dữ liệu công khai.",
      signedIn: "Bạn là",
      refused: "Hub từ chối token này (gõ sai hoặc đã bị thu hồi). Hãy quên nó hoặc nhập token khác.",
      closed: "Hub này chỉ trả lời người có token (đọc công khai đã tắt). Hãy nhập token ở trên.",
      overdue: "Trễ báo cáo",
      days: "ngày",
      roles: { PUBLIC: "công chúng", PARTNER: "đối tác", REPORTER: "người báo cáo", STAFF: "nhân viên", ADMIN: "quản trị" },
    },
    en: {
      access: "Access",
      tokenLabel: "API token",
      tokenUse: "Use",
      tokenForget: "Forget",
      tokenHint: "Kept in this tab only; sent with every request.",
      gapsToggle: "Highlight gaps",
      legendNoLead: "No lead agency",
      legendOverdue: "Agency late with a progress report",
      anonymous: "No token: public data only.",
      signedIn: "Signed in as",
      refused: "The hub refused this token (mistyped or revoked). Forget it or enter another.",
      closed: "This hub answers only callers with a token (public reads are off). Enter a token above.",
      overdue: "Overdue report",
      days: "days",
      roles: { PUBLIC: "public", PARTNER: "partner", REPORTER: "reporter", STAFF: "staff", ADMIN: "admin" },
    },
  };
  const PATH = `query Path($from: ID!, $to: ID!) {
  network {
    path(from: $from, to: $to) {
      nodes { id kind name }
      links { id kind role from { id } to { id } }
    }
  }
}`;
  const NAMES = `query Names($ids: [ID!]!) {
  nodes(ids: $ids) { id name }
}`;

  const $ = (id) => document.getElementById(id);
  const state = {
    lang: "vi",
    selected: null,
    from: null,
    to: null,
    gapIds: new Set(),
    overdue: new Map(), // agency id -> its overdue reports
    lastQuery: null,
    token: sessionStorage.getItem(TOKEN_KEY) || "",
    refusal: null, // "refused" or "closed" while the hub turns the page away
  };
  const text = (key) => TEXT[state.lang][key];

  /** An error the hub answered with UNAUTHENTICATED: the token was refused, or reads need one. */
  class AccessRefused extends Error {}

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  function updateGraphiqlLink(query, variables) {
    state.lastQuery = { query, variables };
    // encodeURIComponent, not URLSearchParams: the GraphiQL page decodes with decodeURIComponent,
    // which would leave URLSearchParams' "+" for a space in the query and variables.
    const pairs = [["q", query]];
    if (variables && Object.keys(variables).length) pairs.push(["variables", JSON.stringify(variables, null, 2)]);
    const search = pairs.map(([key, value]) => key + "=" + encodeURIComponent(value)).join("&");
    // The token travels in the fragment, which the browser never sends to a server or its logs;
    // the GraphiQL page reads it from there into its Headers pane.
    const fragment = state.token
      ? "#headers=" + encodeURIComponent(JSON.stringify({ Authorization: "Bearer " + state.token }))
      : "";
    $("graphiql-link").href = GRAPHQL_URL + "?" + search + fragment;
  }

  function showRefusal(kind, message) {
    state.refusal = kind;
    const box = $("access-message");
    box.hidden = !kind;
    box.textContent = kind ? text(kind) : "";
    if (kind) setStatus((kind === "refused" ? "Token refused: " : "Token needed: ") + message, true);
  }

  /** Run a GraphQL query; GraphQL and HTTP errors are shown in the status line and thrown. */
  async function gql(query, variables, { remember = true } = {}) {
    if (remember) updateGraphiqlLink(query, variables);
    let body;
    try {
      const headers = {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Accept-Language": state.lang,
      };
      if (state.token) headers.Authorization = "Bearer " + state.token;
      const response = await fetch(GRAPHQL_URL, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables: variables || {} }),
      });
      body = await response.json();
      const refusal = (body.errors || []).find((e) => e.extensions && e.extensions.code === "UNAUTHENTICATED");
      if (response.status === 401 || (refusal && !body.data)) {
        const message = refusal ? refusal.message : `HTTP ${response.status}`;
        showRefusal(state.token ? "refused" : "closed", message);
        throw new AccessRefused(message);
      }
    } catch (error) {
      if (!(error instanceof AccessRefused)) setStatus("Request failed: " + error.message, true);
      throw error;
    }
    if (state.refusal) showRefusal(null);
    if (body.errors && body.errors.length) {
      const message = body.errors.map((e) => e.message).join("; ");
      setStatus("GraphQL error: " + message, true);
      throw new Error(message);
    }
    return body.data;
  }

  // ---- graph ----

  const cy = cytoscape({
    container: $("cy"),
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          label: "data(name)",
          "font-size": 11,
          "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
          color: "#1f2937",
          "text-valign": "bottom",
          "text-margin-y": 4,
          "text-wrap": "ellipsis",
          "text-max-width": 140,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.75,
          "text-background-padding": 1,
          width: 22,
          height: 22,
          "border-width": 2,
          "border-color": "#ffffff",
        },
      },
      { selector: "node.centre", style: { width: 34, height: 34, "font-weight": "bold" } },
      { selector: "node:selected", style: { "border-color": "#111827", "border-width": 4 } },
      { selector: "node.gap", style: { "border-color": "#f59e0b", "border-width": 6, "border-style": "double" } },
      { selector: "node.overdue", style: { "border-color": "#e11d48", "border-width": 5, "border-style": "dashed" } },
      {
        selector: "edge",
        style: {
          width: 1.5,
          "line-color": "#cbd5e1",
          "target-arrow-color": "#cbd5e1",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.8,
          "curve-style": "bezier",
        },
      },
      { selector: "node.on-path", style: { "border-color": "#0f766e", "border-width": 6 } },
      {
        selector: "edge.on-path",
        style: { width: 4, "line-color": "#0f766e", "target-arrow-color": "#0f766e", "z-index": 10 },
      },
      { selector: ".hidden", style: { display: "none" } },
    ],
  });

  function nodeData(node) {
    return { id: node.id, kind: node.kind, name: node.name, colour: KIND_COLOUR[node.kind] || "#9ca3af" };
  }

  /** Add nodes and links not yet drawn; returns how many elements were new. */
  function merge(nodes, edges) {
    const added = [];
    for (const node of nodes) {
      const existing = cy.getElementById(node.id);
      if (existing.nonempty()) existing.data("name", node.name);
      else added.push({ group: "nodes", data: nodeData(node) });
    }
    for (const edge of edges) {
      if (cy.getElementById(edge.id).empty()) {
        added.push({
          group: "edges",
          data: { id: edge.id, source: edge.from.id, target: edge.to.id, kind: edge.kind, role: edge.role },
        });
      }
    }
    cy.add(added);
    applyFilters();
    return added.length;
  }

  function runLayout() {
    cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 60000, idealEdgeLength: () => 110, nodeOverlap: 20, padding: 30 }).run();
    fit();
  }

  /** Fit the graph in view, without blowing a handful of nodes up to giant size. */
  function fit() {
    cy.fit(cy.nodes(":visible"), 30);
    if (cy.zoom() > 1.3) {
      cy.zoom(1.3);
      cy.center(cy.nodes(":visible"));
    }
  }

  function applyFilters() {
    const shown = new Set(
      Array.from(document.querySelectorAll("#kinds input:checked")).map((input) => input.value),
    );
    cy.nodes().forEach((node) => node.toggleClass("hidden", !shown.has(node.data("kind"))));
    cy.nodes(".gap, .overdue").removeClass("gap overdue");
    if ($("gaps-toggle").checked) {
      cy.nodes().filter((node) => state.gapIds.has(node.id())).addClass("gap");
      cy.nodes().filter((node) => state.overdue.has(node.id())).addClass("overdue");
    }
  }

  async function loadNeighborhood(id, { replace }) {
    const depth = Number($("depth").value);
    setStatus("Loading the neighbourhood…");
    const data = await gql(NEIGHBORHOOD, { of: id, depth });
    const { nodes, edges } = data.network.neighborhood;
    if (replace) {
      cy.elements().remove();
      clearPath();
    }
    const added = merge(nodes, edges);
    cy.nodes(".centre").removeClass("centre");
    cy.getElementById(id).addClass("centre");
    $("empty").hidden = cy.nodes().nonempty();
    runLayout();
    setStatus(
      `${cy.nodes().length} nodes, ${cy.edges().length} links` + (replace ? "" : ` (${added} new elements)`) + ".",
    );
  }

  // ---- search ----

  let searchTimer = null;
  let searchSeq = 0;

  async function search() {
    const text = $("search").value.trim();
    const results = $("results");
    if (!text) {
      results.replaceChildren();
      return;
    }
    const seq = ++searchSeq;
    const data = await gql(SEARCH, { text });
    if (seq !== searchSeq) return; // a newer search has started
    results.replaceChildren(
      ...data.search.map((node) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "result";
        button.dataset.id = node.id;
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = KIND_COLOUR[node.kind] || "#9ca3af";
        swatch.setAttribute("aria-hidden", "true");
        const name = document.createElement("span");
        name.className = "result-name";
        name.textContent = node.name;
        const kind = document.createElement("span");
        kind.className = "result-kind";
        kind.textContent = KIND_LABEL[node.kind] || node.kind;
        button.append(swatch, name, kind);
        button.addEventListener("click", () => pick(node.id));
        item.append(button);
        return item;
      }),
    );
    setStatus(data.search.length ? `${data.search.length} results for “${text}”.` : `Nothing found for “${text}”.`);
  }

  async function pick(id) {
    await loadNeighborhood(id, { replace: true });
    await select(id);
  }

  // ---- details ----

  async function select(id) {
    state.selected = id;
    cy.$(":selected").unselect();
    cy.getElementById(id).select();
    const data = await gql(DETAILS, { id });
    const node = data.node;
    if (!node) {
      setStatus("That node no longer exists.", true);
      return;
    }
    $("details-name").textContent = node.name;
    $("details-kind").textContent = KIND_LABEL[node.kind] || node.kind;
    $("details-kind").style.borderColor = KIND_COLOUR[node.kind] || "#9ca3af";
    $("details-actions").hidden = false;
    showOverdue(node.id);
    const list = $("details-links");
    list.replaceChildren(
      ...node.links.edges.map(({ node: link }) => {
        const item = document.createElement("li");
        const kind = document.createElement("span");
        kind.className = "link-kind";
        kind.textContent = link.kind.toLowerCase().replace(/_/g, " ") + (link.role ? ` (${link.role.toLowerCase()})` : "");
        const other = document.createElement("button");
        other.type = "button";
        other.className = "link-other";
        other.textContent = link.other.name;
        other.title = KIND_LABEL[link.other.kind] || link.other.kind;
        other.addEventListener("click", async () => {
          if (cy.getElementById(link.other.id).empty()) await loadNeighborhood(link.other.id, { replace: true });
          await select(link.other.id);
        });
        item.append(kind, " ", other);
        return item;
      }),
    );
    if (node.links.totalCount > node.links.edges.length) {
      const more = document.createElement("li");
      more.className = "hint";
      more.textContent = `…and ${node.links.totalCount - node.links.edges.length} more.`;
      list.append(more);
    }
  }

  // ---- gaps ----

  async function toggleGaps() {
    if ($("gaps-toggle").checked) {
      await loadGaps();
      const shown = cy.nodes(".gap").length;
      const lateShown = cy.nodes(".overdue").length;
      setStatus(
        `${state.gapIds.size} nodes have no lead agency; ${shown} of them are in view. ` +
          `${state.overdue.size} agencies are late with a progress report; ${lateShown} of them are in view.`,
      );
    } else {
      applyFilters();
      setStatus("Gaps hidden.");
    }
    if (state.selected) showOverdue(state.selected);
  }

  /** Initiatives and tasks without a lead, and agencies owing a report, in the page's language. */
  async function loadGaps(options) {
    const data = await gql(GAPS, {}, options);
    state.gapIds = new Set(data.network.gaps.noLead.filter((gap) => gap.node).map((gap) => gap.node.id));
    state.overdue = new Map();
    for (const late of data.overdueReports) {
      const agency = late.assignment.from.id;
      state.overdue.set(agency, [...(state.overdue.get(agency) || []), late]);
    }
    applyFilters();
  }

  /** Under the selected node's name: the reports it owes, while gaps are highlighted. */
  function showOverdue(id) {
    const owed = $("gaps-toggle").checked ? state.overdue.get(id) || [] : [];
    const line = $("details-overdue");
    line.hidden = owed.length === 0;
    line.textContent = owed.length
      ? `${text("overdue")}: ` +
        owed.map((late) => `${late.period} (${late.daysLate} ${text("days")}) · ${late.assignment.to.name}`).join("; ")
      : "";
  }

  // ---- who is asking ----

  let viewerSeq = 0;

  async function loadViewer() {
    const seq = ++viewerSeq;
    const data = await gql(VIEWER, {}, { remember: false });
    if (seq !== viewerSeq) return; // the token changed while this answer was on its way
    const viewer = data.viewer;
    const line = $("viewer");
    if (viewer.role === "PUBLIC") {
      line.textContent = text("anonymous");
      return;
    }
    const name = document.createElement("strong");
    name.id = "viewer-name";
    name.textContent = viewer.name;
    const scope = viewer.city || viewer.agency;
    line.replaceChildren(
      `${text("signedIn")} `,
      name,
      ` (${text("roles")[viewer.role] || viewer.role}${scope ? " · " + scope.name : ""})`,
    );
  }

  async function useToken(token) {
    state.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    $("token").value = token;
    showRefusal(null);
    $("viewer").textContent = "—";
    if (state.lastQuery) updateGraphiqlLink(state.lastQuery.query, state.lastQuery.variables);
    await loadViewer();
    if ($("gaps-toggle").checked) await toggleGaps();
  }

  function applyTexts() {
    for (const element of document.querySelectorAll("[data-text]")) element.textContent = text(element.dataset.text);
    if (state.refusal) $("access-message").textContent = text(state.refusal);
  }

  // ---- path ----

  function showEnds() {
    const name = (id) => (id ? cy.getElementById(id).data("name") || id : "—");
    $("path-from").textContent = name(state.from);
    $("path-to").textContent = name(state.to);
    $("path-find").disabled = !(state.from && state.to && state.from !== state.to);
  }

  function clearPath() {
    cy.elements(".on-path").removeClass("on-path");
  }

  async function findPath() {
    const data = await gql(PATH, { from: state.from, to: state.to });
    clearPath();
    const path = data.network.path;
    if (!path) {
      setStatus("No path within 6 links.", true);
      return;
    }
    if (merge(path.nodes, path.links)) runLayout();
    for (const node of path.nodes) cy.getElementById(node.id).addClass("on-path");
    for (const link of path.links) cy.getElementById(link.id).addClass("on-path");
    setStatus(`Path of ${path.links.length} links: ` + path.nodes.map((node) => node.name).join(" → "));
  }

  // ---- language ----

  async function switchLanguage(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    applyTexts();
    if (state.refusal) return; // nothing more can be read until a token is accepted
    await loadViewer();
    const ids = cy.nodes().map((node) => node.id());
    for (let start = 0; start < ids.length; start += 100) {
      const data = await gql(NAMES, { ids: ids.slice(start, start + 100) }, { remember: false });
      for (const node of data.nodes) if (node) cy.getElementById(node.id).data("name", node.name);
    }
    showEnds();
    if ($("gaps-toggle").checked) await loadGaps({ remember: false });
    if ($("search").value.trim()) await search();
    if (state.selected) await select(state.selected);
    setStatus(lang === "en" ? "Names in English." : "Tên bằng tiếng Việt.");
  }

  // ---- wiring ----

  function buildKindFilters() {
    $("kinds").replaceChildren(
      ...KINDS.map(([kind, label, colour]) => {
        const item = document.createElement("li");
        const input = document.createElement("input");
        input.type = "checkbox";
        input.checked = true;
        input.value = kind;
        input.id = "kind-" + kind.toLowerCase();
        input.addEventListener("change", applyFilters);
        const lab = document.createElement("label");
        lab.htmlFor = input.id;
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = colour;
        swatch.setAttribute("aria-hidden", "true");
        lab.append(swatch, label);
        item.append(input, lab);
        return item;
      }),
    );
  }

  /** Run an async handler; its error is already in the status line, so it is not rethrown. */
  const quietly = (handler) => (...args) => handler(...args).catch(() => {});

  buildKindFilters();
  // Start in the browser's language when it is English; Vietnamese otherwise, as the hub does.
  if ((navigator.language || "").toLowerCase().startsWith("en")) {
    state.lang = "en";
    document.documentElement.lang = "en";
    $("lang-en").checked = true;
  }
  applyTexts();
  $("token").value = state.token;
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    quietly(useToken)($("token").value.trim());
  });
  $("token-forget").addEventListener("click", () => quietly(useToken)(""));
  quietly(loadViewer)();
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    quietly(search)();
  });
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(quietly(search), 250);
  });
  $("depth").addEventListener("change", () => {
    const centre = cy.nodes(".centre");
    if (centre.nonempty()) quietly(loadNeighborhood)(centre.id(), { replace: true });
  });
  $("gaps-toggle").addEventListener("change", quietly(toggleGaps));
  $("fit").addEventListener("click", fit);
  $("expand").addEventListener("click", () => {
    if (state.selected) quietly(loadNeighborhood)(state.selected, { replace: false });
  });
  $("set-from").addEventListener("click", () => {
    state.from = state.selected;
    showEnds();
  });
  $("set-to").addEventListener("click", () => {
    state.to = state.selected;
    showEnds();
  });
  $("path-find").addEventListener("click", quietly(findPath));
  $("path-clear").addEventListener("click", () => {
    state.from = state.to = null;
    clearPath();
    showEnds();
  });
  for (const radio of document.querySelectorAll("input[name=lang]")) {
    radio.addEventListener("change", () => {
      if (radio.checked) quietly(switchLanguage)(radio.value);
    });
  }
  cy.on("tap", "node", (event) => quietly(select)(event.target.id()));
  cy.on("dbltap", "node", (event) => quietly(loadNeighborhood)(event.target.id(), { replace: false }));

  // For tests and the curious: the Cytoscape instance and the current state.
  window.explorer = { cy, state };
})();
