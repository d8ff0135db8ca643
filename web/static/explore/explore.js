/* Network explorer: search the hub, draw a node's neighbourhood with Cytoscape, inspect, expand,
   highlight gaps and paths, look at the network as it stood on a past day. Plain JavaScript, no build
   step; every request goes to this hub's /graphql, with the visitor's token (kept in this tab's
   sessionStorage only) when one is given. Every word the page shows is in TEXT, in Vietnamese and
   English; the hub's enum values (kinds, roles) are never shown as they are. */
"use strict";

(function () {
  const GRAPHQL_URL = "/graphql";
  const KINDS = [
    ["PLAN", "#6d28d9"],
    ["INITIATIVE", "#2563eb"],
    ["TASK", "#0891b2"],
    ["AGENCY", "#d97706"],
    ["CREATIVE_SPACE", "#16a34a"],
    ["DESIGNER", "#db2777"],
    ["CITY", "#dc2626"],
    ["EVENT", "#4b5563"],
  ];
  const KIND_COLOUR = Object.fromEntries(KINDS);
  // Roles that make an item led (docs: "a LEAD or DIRECT responsible agency in force").
  const LEADING = new Set(["LEAD", "DIRECT"]);
  const ROLE_ORDER = ["LEAD", "DIRECT", "CO_LEAD", "COORDINATE", "SUPPORT"];
  // The label font: the hub's own Be Vietnam Pro (../fonts/fonts.css, imported by explore.css) first.
  // Double quotes: Cytoscape's font-family pattern refuses single ones (and then keeps its default).
  const LABEL_FONT = '"Be Vietnam Pro", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

  // Every network query takes the day to look at: null is today, the newest data.
  const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 10) { id kind name }
}`;
  const NEIGHBORHOOD = `query Neighborhood($of: ID!, $depth: Int!, $asOf: Date) {
  network(asOf: $asOf) {
    neighborhood(of: $of, depth: $depth) {
      nodes { id kind name }
      edges { id kind role from { id } to { id } }
    }
  }
}`;
  const DETAILS = `query Details($id: ID!) {
  node(id: $id) {
    id kind name
    links(first: 50) { totalCount edges { node { id kind role from { id } other { id kind name } } } }
  }
}`;
  // Which of a node's links are in force on the chosen day (node.links knows no day).
  const IN_FORCE = `query InForce($id: ID!, $asOf: Date) {
  network(asOf: $asOf) { neighborhood(of: $id, depth: 1) { edges { id } } }
}`;
  const PARTS = `{ nodes { id kind } edges { kind from { id } to { id } } }`;
  const RESPONSIBILITY = `query Responsibility($id: ID!, $asOf: Date) {
  network(asOf: $asOf) {
    responsibility(initiative: $id) { role reason agency { id name } through { id kind name } }
    parts: neighborhood(of: $id, depth: 2, kinds: [INITIATIVE, TASK, EVENT]) ${PARTS}
  }
}`;
  const TASK_PARTS = `query TaskParts($id: ID!, $asOf: Date) {
  network(asOf: $asOf) { parts: neighborhood(of: $id, depth: 2, kinds: [INITIATIVE, TASK, EVENT]) ${PARTS} }
}`;
  const GAPS = `query Gaps($asOf: Date) {
  network(asOf: $asOf) {
    gaps(asOf: $asOf) {
      noLead { reason node { id kind name } }
      isolated { reason node { id kind } }
      dormant { reason lastEnded node { id kind } }
      singlePointsOfFailure { reason node { id kind } cutOff { id name } }
    }
  }
  overdueReports(asOf: $asOf) { period daysLate assignment { from { id name } to { id name } } }
}`;
  const VIEWER = `query Viewer {
  viewer { role name city { name } agency { name } }
}`;
  const PATH = `query Path($from: ID!, $to: ID!, $asOf: Date) {
  network(asOf: $asOf) {
    path(from: $from, to: $to) {
      nodes { id kind name }
      links { id kind role from { id } to { id } }
    }
  }
}`;
  const NAMES = `query Names($ids: [ID!]!) {
  nodes(ids: $ids) { id name }
}`;
  const TOKEN_KEY = "creative-hub.explore.token";

  const pad = (n) => String(n).padStart(2, "0");
  /** "2022-01-01" as a Vietnamese reader writes it: 01/01/2022. */
  const viDate = (iso) => iso.split("-").reverse().join("/");
  /** "2022-01-01" as an English reader writes it: 1 January 2022. */
  const enDate = (iso) =>
    new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
      new Date(iso + "T00:00:00Z"),
    );
  /** "A", "A và B", "A, B và C": a list of names in a sentence. */
  const listed = (names, and) =>
    names.length < 2 ? names.join("") : names.slice(0, -1).join(", ") + ` ${and} ` + names[names.length - 1];

  // The page's own words, in the two languages the hub speaks; names come from the hub itself.
  // Strings are labels; functions build sentences from the numbers and names the hub answered.
  const TEXT = {
    vi: {
      title: "Creative City Hub · Trình khám phá mạng lưới",
      subtitle: "Trình khám phá mạng lưới",
      searchLabel: "Tìm nút theo tên",
      searchPlaceholder: "Tìm: ha noi, Hanoi, sở văn hóa…",
      searchButton: "Tìm",
      langLegend: "Ngôn ngữ",
      graphiql: "Mở trong GraphiQL",
      graphiqlTitle: "Mở truy vấn gần nhất trong GraphiQL, kèm token của bạn trong khung Headers",
      sidebarLabel: "Kết quả tìm kiếm và điều khiển đồ thị",
      access: "Truy cập",
      tokenLabel: "Token API",
      tokenUse: "Dùng",
      tokenForget: "Quên",
      tokenHint: "Chỉ giữ trong tab này; gửi kèm mỗi yêu cầu.",
      results: "Kết quả",
      view: "Hiển thị",
      asOfLabel: "Mạng lưới vào ngày",
      asOfToday: "Hôm nay",
      asOfHint: "Để trống là hôm nay: dữ liệu mới nhất.",
      depth: "Độ sâu",
      depth1: "1 liên kết",
      depth2: "2 liên kết",
      depth3: "3 liên kết",
      gapsToggle: "Tô sáng chỗ hổng",
      legendLabel: "Chú giải chỗ hổng",
      legendNoLead: "Chưa có cơ quan chủ trì",
      legendOverdue: "Cơ quan trễ báo cáo tiến độ",
      legendWeak: "Bị cô lập, ngừng hoạt động, hoặc là mắt xích duy nhất",
      fit: "Vừa khung hình",
      kindsTitle: "Loại nút",
      kindsHint: "Chú giải màu; bỏ chọn để ẩn.",
      pathTitle: "Đường đi",
      from: "Từ",
      to: "Đến",
      findPath: "Tìm đường đi",
      clearPath: "Xóa",
      pathHint: "Chọn một nút, rồi bấm “Đi từ đây” / “Đi đến đây” trong phần chi tiết.",
      graphLabel: "Đồ thị mạng lưới",
      canvasLabel: "Đồ thị mạng lưới; bấm vào một nút để xem chi tiết, bấm đúp để mở rộng",
      empty: "Tìm một nút và chọn nó để vẽ vùng lân cận của nó.",
      detailsLabel: "Chi tiết nút",
      noSelection: "Chưa chọn nút nào",
      expand: "Mở rộng",
      setFrom: "Đi từ đây",
      setTo: "Đi đến đây",
      responsibilityTitle: "Trách nhiệm và chỗ hổng",
      linksTitle: "Liên kết",
      ready: "Sẵn sàng.",
      anonymous: "Không có token: chỉ đọc dữ liệu công khai.",
      signedIn: "Bạn là",
      refused: "Hub từ chối token này (gõ sai hoặc đã bị thu hồi). Hãy quên nó hoặc nhập token khác.",
      closed: "Hub này chỉ trả lời người có token (đọc công khai đã tắt). Hãy nhập token ở trên.",
      tokenRefusedStatus: "Token bị từ chối: ",
      tokenNeededStatus: "Cần token: ",
      requestFailed: "Yêu cầu thất bại: ",
      graphqlError: "Lỗi GraphQL: ",
      overdue: "Trễ báo cáo",
      days: "ngày",
      loading: "Đang tải vùng lân cận…",
      namesIn: "Tên bằng tiếng Việt.",
      gapsHidden: "Đã ẩn chỗ hổng.",
      gone: "Nút này không còn nữa.",
      noPath: "Không có đường đi nào trong vòng 6 liên kết.",
      noRole: "không rõ vai trò",
      directly: "trực tiếp",
      and: "và",
      absentGraph: "Nút này chưa có hoặc không còn trong mạng lưới vào ngày đã chọn.",
      asOfStatus: (day) => `Mạng lưới ngày ${viDate(day)}`,
      drawn: (nodes, links) => `${nodes} nút, ${links} liên kết.`,
      drawnMore: (nodes, links, added) => `${nodes} nút, ${links} liên kết (${added} phần tử mới).`,
      found: (count, query) => `${count} kết quả cho “${query}”.`,
      nothing: (query) => `Không tìm thấy gì cho “${query}”.`,
      more: (count) => `…và ${count} liên kết nữa.`,
      notInForce: (count) => `${count} liên kết không có hiệu lực vào ngày đã chọn được ẩn.`,
      absent: (day) => `Nút này chưa có hoặc không còn trong mạng lưới vào ngày ${viDate(day)}.`,
      pathFound: (links, names) => `Đường đi qua ${links} liên kết: ${names.join(" → ")}`,
      gapsStatus: (noLead, noLeadShown, late, lateShown, weak, weakShown) =>
        `${noLead} nút chưa có cơ quan chủ trì, ${noLeadShown} trong số đó đang hiển thị. ` +
        `${late} cơ quan trễ báo cáo tiến độ, ${lateShown} đang hiển thị. ` +
        `${weak} nút bị cô lập, ngừng hoạt động hoặc là mắt xích duy nhất, ${weakShown} đang hiển thị.`,
      ledSummary: (kind) => `${TEXT.vi.kinds[kind] || "Mục"} này có cơ quan chủ trì hoặc chỉ đạo.`,
      noLeadSummary: (kind, parts) =>
        `Chưa có cơ quan chủ trì hay chỉ đạo trên ${(TEXT.vi.kinds[kind] || "mục").toLowerCase()} này` +
        (parts.length ? ` hay trên ${listed(parts.map(([k, n]) => `${n} ${TEXT.vi.kinds[k].toLowerCase()}`), "và")} thuộc nó` : "") +
        ".",
      othersTitle: "Cơ quan có trách nhiệm khác:",
      heldAs: (role, through, selfId) =>
        role +
        (through.length === 1 && through[0].id === selfId
          ? " trực tiếp"
          : " qua " + (through.length > 1 ? `${through.length} mục: ` : "") + listed(through.map((t) => t.name), "và")),
      isolated: (kind) => `${TEXT.vi.kinds[kind] || "Nút"} này không có liên kết nào.`,
      dormant: (kind, lastEnded) =>
        `Mọi liên kết của ${(TEXT.vi.kinds[kind] || "nút").toLowerCase()} này đã kết thúc; liên kết cuối cùng kết thúc ngày ${viDate(lastEnded)}.`,
      cutPoint: (count) => `Nếu thiếu cơ quan này, ${count} nút sẽ mất mọi đường nối với phần còn lại của mạng lưới:`,
      kinds: {
        PLAN: "Kế hoạch",
        INITIATIVE: "Sáng kiến",
        TASK: "Nhiệm vụ",
        AGENCY: "Cơ quan",
        CREATIVE_SPACE: "Không gian sáng tạo",
        DESIGNER: "Nhà thiết kế",
        CITY: "Thành phố",
        EVENT: "Sự kiện",
      },
      linkKinds: {
        RESPONSIBLE_FOR: "phụ trách",
        PART_OF: "thuộc",
        PARTNERS_WITH: "đối tác",
        PARTICIPATES_IN: "tham gia",
        HOSTS: "đăng cai",
        OPERATES: "vận hành",
        MEMBER_OF: "thành viên",
        SUPPORTS: "tài trợ, ủng hộ",
      },
      // The same links seen from their other end: an edition "thuộc" its festival, the festival "gồm" the edition.
      linkKindsIn: {
        RESPONSIBLE_FOR: "cơ quan phụ trách",
        PART_OF: "gồm",
        PARTNERS_WITH: "đối tác",
        PARTICIPATES_IN: "bên tham gia",
        HOSTS: "nơi đăng cai",
        OPERATES: "đơn vị vận hành",
        MEMBER_OF: "có thành viên",
        SUPPORTS: "nhà tài trợ, ủng hộ",
      },
      linkRoles: {
        LEAD: "chủ trì",
        CO_LEAD: "đồng chủ trì",
        COORDINATE: "phối hợp",
        SUPPORT: "hỗ trợ",
        DIRECT: "chỉ đạo",
        SPONSOR: "nhà tài trợ",
        PARTNER: "đối tác",
        BROADCAST: "phát sóng",
        SIGNATORY: "bên ký kết",
        VENUE: "địa điểm",
      },
      roles: { PUBLIC: "công chúng", PARTNER: "đối tác", REPORTER: "người báo cáo", STAFF: "nhân viên", ADMIN: "quản trị" },
    },
    en: {
      title: "Creative City Hub · Network explorer",
      subtitle: "Network explorer",
      searchLabel: "Search nodes by name",
      searchPlaceholder: "Search: ha noi, Hanoi, sở văn hóa…",
      searchButton: "Search",
      langLegend: "Language",
      graphiql: "Open in GraphiQL",
      graphiqlTitle: "Opens the last query in GraphiQL, with your token in its Headers pane",
      sidebarLabel: "Search results and graph controls",
      access: "Access",
      tokenLabel: "API token",
      tokenUse: "Use",
      tokenForget: "Forget",
      tokenHint: "Kept in this tab only; sent with every request.",
      results: "Results",
      view: "View",
      asOfLabel: "Network as of",
      asOfToday: "Today",
      asOfHint: "Empty means today: the newest data.",
      depth: "Depth",
      depth1: "1 link",
      depth2: "2 links",
      depth3: "3 links",
      gapsToggle: "Highlight gaps",
      legendLabel: "Gaps legend",
      legendNoLead: "No lead agency",
      legendOverdue: "Agency late with a progress report",
      legendWeak: "Isolated, dormant, or a single point of failure",
      fit: "Fit graph",
      kindsTitle: "Kinds",
      kindsHint: "Colour legend; untick to hide.",
      pathTitle: "Path",
      from: "From",
      to: "To",
      findPath: "Find path",
      clearPath: "Clear",
      pathHint: "Select a node, then “Path from” / “Path to” in its details.",
      graphLabel: "Network graph",
      canvasLabel: "Network graph; click a node for details, double-click to expand it",
      empty: "Search for a node and pick it to draw its neighbourhood.",
      detailsLabel: "Node details",
      noSelection: "No node selected",
      expand: "Expand",
      setFrom: "Path from",
      setTo: "Path to",
      responsibilityTitle: "Responsibility and gaps",
      linksTitle: "Links",
      ready: "Ready.",
      anonymous: "No token: public data only.",
      signedIn: "Signed in as",
      refused: "The hub refused this token (mistyped or revoked). Forget it or enter another.",
      closed: "This hub answers only callers with a token (public reads are off). Enter a token above.",
      tokenRefusedStatus: "Token refused: ",
      tokenNeededStatus: "Token needed: ",
      requestFailed: "Request failed: ",
      graphqlError: "GraphQL error: ",
      overdue: "Overdue report",
      days: "days",
      loading: "Loading the neighbourhood…",
      namesIn: "Names in English.",
      gapsHidden: "Gaps hidden.",
      gone: "That node no longer exists.",
      noPath: "No path within 6 links.",
      noRole: "no role",
      directly: "directly",
      and: "and",
      absentGraph: "This node was not in the network on the chosen day.",
      asOfStatus: (day) => `Network as of ${enDate(day)}`,
      drawn: (nodes, links) => `${nodes} nodes, ${links} links.`,
      drawnMore: (nodes, links, added) => `${nodes} nodes, ${links} links (${added} new elements).`,
      found: (count, query) => `${count} results for “${query}”.`,
      nothing: (query) => `Nothing found for “${query}”.`,
      more: (count) => `…and ${count} more.`,
      notInForce: (count) => `${count} links not in force on the chosen day are hidden.`,
      absent: (day) => `This node was not in the network on ${enDate(day)}.`,
      pathFound: (links, names) => `Path of ${links} links: ${names.join(" → ")}`,
      gapsStatus: (noLead, noLeadShown, late, lateShown, weak, weakShown) =>
        `${noLead} nodes have no lead agency; ${noLeadShown} of them are in view. ` +
        `${late} agencies are late with a progress report; ${lateShown} of them are in view. ` +
        `${weak} nodes are isolated, dormant or single points of failure; ${weakShown} of them are in view.`,
      ledSummary: (kind) => `This ${TEXT.en.kinds[kind].toLowerCase()} has a lead or directing agency.`,
      noLeadSummary: (kind, parts) =>
        `No lead or directing agency on this ${TEXT.en.kinds[kind].toLowerCase()}` +
        (parts.length ? ` or on its ${listed(parts.map(([k, n]) => `${n} ${TEXT.en.kinds[k].toLowerCase()}${n === 1 ? "" : "s"}`), "and")}` : "") +
        ".",
      othersTitle: "Other agencies responsible:",
      heldAs: (role, through, selfId) =>
        role +
        (through.length === 1 && through[0].id === selfId
          ? " directly"
          : ", through " + (through.length > 1 ? `${through.length} items: ` : "") + listed(through.map((t) => t.name), "and")),
      isolated: (kind) => `This ${TEXT.en.kinds[kind].toLowerCase()} has no links.`,
      dormant: (kind, lastEnded) => `Every link of this ${TEXT.en.kinds[kind].toLowerCase()} has ended; the last on ${enDate(lastEnded)}.`,
      cutPoint: (count) => `Without this agency, ${count} nodes would lose every path to the rest of the network:`,
      kinds: {
        PLAN: "Plan",
        INITIATIVE: "Initiative",
        TASK: "Task",
        AGENCY: "Agency",
        CREATIVE_SPACE: "Creative space",
        DESIGNER: "Designer",
        CITY: "City",
        EVENT: "Event",
      },
      linkKinds: {
        RESPONSIBLE_FOR: "responsible for",
        PART_OF: "part of",
        PARTNERS_WITH: "partners with",
        PARTICIPATES_IN: "participates in",
        HOSTS: "hosts",
        OPERATES: "operates",
        MEMBER_OF: "member of",
        SUPPORTS: "supports",
      },
      linkKindsIn: {
        RESPONSIBLE_FOR: "responsible agency",
        PART_OF: "includes",
        PARTNERS_WITH: "partners with",
        PARTICIPATES_IN: "participant",
        HOSTS: "host",
        OPERATES: "operator",
        MEMBER_OF: "member",
        SUPPORTS: "supporter",
      },
      linkRoles: {
        LEAD: "lead",
        CO_LEAD: "co-lead",
        COORDINATE: "coordinate",
        SUPPORT: "support",
        DIRECT: "direct",
        SPONSOR: "sponsor",
        PARTNER: "partner",
        BROADCAST: "broadcast",
        SIGNATORY: "signatory",
        VENUE: "venue",
      },
      roles: { PUBLIC: "public", PARTNER: "partner", REPORTER: "reporter", STAFF: "staff", ADMIN: "admin" },
    },
  };

  const $ = (id) => document.getElementById(id);
  const state = {
    lang: "vi",
    asOf: null, // the day looked at, "YYYY-MM-DD"; null for today
    centre: null, // the node whose neighbourhood was drawn last
    emptyText: "empty", // what the empty graph says
    selected: null,
    from: null,
    to: null,
    gaps: null, // the last gaps answer, for one day, language and token (see loadGaps)
    gapIds: new Set(),
    weakIds: new Set(), // isolated, dormant, single points of failure
    overdue: new Map(), // agency id -> its overdue reports
    lastQuery: null,
    token: sessionStorage.getItem(TOKEN_KEY) || "",
    refusal: null, // "refused" or "closed" while the hub turns the page away
  };
  /** A word or sentence of the page in its language; "kinds.PLAN" looks into a table. */
  const text = (key) => key.split(".").reduce((table, part) => (table == null ? undefined : table[part]), TEXT[state.lang]);
  const kindLabel = (kind) => TEXT[state.lang].kinds[kind] || "—";
  /** A link's kind, read from the node at hand: outgoing "part of", incoming "includes". */
  const linkKindLabel = (kind, incoming) => TEXT[state.lang][incoming ? "linkKindsIn" : "linkKinds"][kind] || "—";
  const roleLabel = (role) => (role ? TEXT[state.lang].linkRoles[role] || text("noRole") : text("noRole"));

  /** An error the hub answered with UNAUTHENTICATED: the token was refused, or reads need one. */
  class AccessRefused extends Error {}
  /** GraphQL errors in an answer, with their codes (NOT_FOUND when a node did not exist that day). */
  class GraphQLFailure extends Error {
    constructor(message, codes) {
      super(message);
      this.codes = codes;
    }
  }
  const notFound = (error) => error instanceof GraphQLFailure && error.codes.includes("NOT_FOUND");

  /** The status line; while a past day is looked at, it says which. */
  function setStatus(message, isError) {
    const status = $("status");
    status.textContent = message + (state.asOf ? " · " + text("asOfStatus")(state.asOf) : "");
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
    if (kind) setStatus(text(kind === "refused" ? "tokenRefusedStatus" : "tokenNeededStatus") + message, true);
  }

  /**
   * Run a GraphQL query; HTTP errors, and GraphQL errors unless `quiet`, are shown in the status line;
   * both are thrown.
   */
  async function gql(query, variables, { remember = true, quiet = false } = {}) {
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
      if (!(error instanceof AccessRefused)) setStatus(text("requestFailed") + error.message, true);
      throw error;
    }
    if (state.refusal) showRefusal(null);
    if (body.errors && body.errors.length) {
      const message = body.errors.map((e) => e.message).join("; ");
      if (!quiet) setStatus(text("graphqlError") + message, true);
      throw new GraphQLFailure(message, body.errors.map((e) => (e.extensions && e.extensions.code) || ""));
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
          "font-family": LABEL_FONT,
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
      { selector: "node.weak", style: { "border-color": "#7c3aed", "border-width": 4, "border-style": "dotted" } },
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
    cy.nodes(".gap, .overdue, .weak").removeClass("gap overdue weak");
    if ($("gaps-toggle").checked) {
      cy.nodes().filter((node) => state.gapIds.has(node.id())).addClass("gap");
      cy.nodes().filter((node) => state.overdue.has(node.id())).addClass("overdue");
      cy.nodes().filter((node) => state.weakIds.has(node.id())).addClass("weak");
    }
  }

  function showEmpty(key) {
    state.emptyText = key;
    $("empty").textContent = text(key);
    $("empty").hidden = cy.nodes().nonempty();
  }

  let neighborhoodSeq = 0;

  async function loadNeighborhood(id, { replace }) {
    const depth = Number($("depth").value);
    const seq = ++neighborhoodSeq;
    state.centre = id;
    setStatus(text("loading"));
    let data;
    try {
      data = await gql(NEIGHBORHOOD, { of: id, depth, asOf: state.asOf }, { quiet: Boolean(state.asOf) });
    } catch (error) {
      if (seq !== neighborhoodSeq) return; // a newer neighbourhood was asked for meanwhile
      if (!(state.asOf && notFound(error))) throw error;
      // The node did not exist on the chosen day: nothing of it to draw.
      if (replace) {
        cy.elements().remove();
        clearPath();
      }
      showEmpty("absentGraph");
      setStatus(text("absentGraph"));
      return;
    }
    if (seq !== neighborhoodSeq) return;
    const { nodes, edges } = data.network.neighborhood;
    if (replace) {
      cy.elements().remove();
      clearPath();
    }
    const added = merge(nodes, edges);
    cy.nodes(".centre").removeClass("centre");
    cy.getElementById(id).addClass("centre");
    showEmpty("empty");
    runLayout();
    const [n, m] = [cy.nodes().length, cy.edges().length];
    setStatus(replace ? text("drawn")(n, m) : text("drawnMore")(n, m, added));
  }

  // ---- search ----

  let searchTimer = null;
  let searchSeq = 0;

  async function search() {
    const query = $("search").value.trim();
    const results = $("results");
    if (!query) {
      results.replaceChildren();
      return;
    }
    const seq = ++searchSeq;
    const data = await gql(SEARCH, { text: query });
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
        name.dataset.hubName = "";
        name.textContent = node.name;
        const kind = document.createElement("span");
        kind.className = "result-kind";
        kind.textContent = kindLabel(node.kind);
        button.append(swatch, name, kind);
        button.addEventListener("click", () => quietly(pick)(node.id));
        item.append(button);
        return item;
      }),
    );
    setStatus(data.search.length ? text("found")(data.search.length, query) : text("nothing")(query));
  }

  async function pick(id) {
    await loadNeighborhood(id, { replace: true });
    await select(id);
  }

  // ---- details ----

  let selectSeq = 0;

  /** A node's name as a button that selects it (drawing its neighbourhood when it is not drawn). */
  function nodeButton(node) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-other";
    button.dataset.hubName = "";
    button.textContent = node.name;
    if (node.kind) button.title = kindLabel(node.kind);
    button.addEventListener("click", () =>
      quietly(async () => {
        if (cy.getElementById(node.id).empty()) await loadNeighborhood(node.id, { replace: true });
        await select(node.id);
      })(),
    );
    return button;
  }

  async function select(id) {
    const seq = ++selectSeq;
    state.selected = id;
    cy.$(":selected").unselect();
    cy.getElementById(id).select();
    const data = await gql(DETAILS, { id });
    if (seq !== selectSeq) return; // another node was selected meanwhile
    const node = data.node;
    if (!node) {
      setStatus(text("gone"), true);
      return;
    }
    // On a past day, only the links in force then; none when the node did not exist.
    let inForce = null;
    if (state.asOf) {
      try {
        const day = await gql(IN_FORCE, { id, asOf: state.asOf }, { remember: false, quiet: true });
        inForce = new Set(day.network.neighborhood.edges.map((edge) => edge.id));
      } catch (error) {
        if (!notFound(error)) throw error;
        inForce = new Set();
        inForce.absent = true;
      }
      if (seq !== selectSeq) return;
    }
    $("details-name").textContent = node.name;
    $("details-name").dataset.hubName = "";
    $("details-gap").hidden = true; // until this node's answers are in
    $("details-kind").textContent = kindLabel(node.kind);
    $("details-kind").style.borderColor = KIND_COLOUR[node.kind] || "#9ca3af";
    $("details-actions").hidden = false;
    const absent = Boolean(inForce && inForce.absent);
    $("details-absent").hidden = !absent;
    $("details-absent").textContent = absent ? text("absent")(state.asOf) : "";
    showOverdue(node.id);
    const edges = node.links.edges.map(({ node: link }) => link);
    const shown = inForce ? edges.filter((link) => inForce.has(link.id)) : edges;
    const list = $("details-links");
    list.replaceChildren(
      ...shown.map((link) => {
        const item = document.createElement("li");
        const kind = document.createElement("span");
        kind.className = "link-kind";
        kind.textContent = linkKindLabel(link.kind, link.from.id !== node.id) + (link.role ? ` (${roleLabel(link.role)})` : "");
        item.append(kind, " ", nodeButton(link.other));
        return item;
      }),
    );
    if (node.links.totalCount > edges.length) {
      const more = document.createElement("li");
      more.className = "hint";
      more.textContent = text("more")(node.links.totalCount - edges.length);
      list.append(more);
    }
    if (edges.length > shown.length && !absent) {
      const hidden = document.createElement("li");
      hidden.className = "hint";
      hidden.textContent = text("notInForce")(edges.length - shown.length);
      list.append(hidden);
    }
    await showGapDetails(node, { absent, links: shown, seq });
  }

  /** Counts of the initiatives, tasks and events PART_OF a node (transitively), by kind, in a fixed order. */
  function partsBelow(id, parts) {
    const kinds = new Map(parts.nodes.map((node) => [node.id, node.kind]));
    const below = new Set();
    let frontier = [id];
    while (frontier.length) {
      const next = [];
      for (const edge of parts.edges) {
        if (edge.kind === "PART_OF" && frontier.includes(edge.to.id) && edge.from.id !== id && !below.has(edge.from.id)) {
          below.add(edge.from.id);
          next.push(edge.from.id);
        }
      }
      frontier = next;
    }
    const counts = new Map();
    for (const part of below) counts.set(kinds.get(part), (counts.get(kinds.get(part)) || 0) + 1);
    return ["EVENT", "INITIATIVE", "TASK"].filter((kind) => counts.has(kind)).map((kind) => [kind, counts.get(kind)]);
  }

  /** One responsible agency: its name, its role, and where the role was found. */
  function responsibleItem(held, selfId) {
    const item = document.createElement("li");
    const agency = held.agency ? nodeButton(held.agency) : document.createTextNode("—");
    const how = document.createElement("span");
    how.className = "held-as";
    // The Vietnamese sentence is built here from the role and the items; English shows the hub's own words.
    how.textContent =
      state.lang === "en" && held.reason
        ? held.reason
        : text("heldAs")(roleLabel(held.role), held.through, selfId);
    item.append(agency, ": ", how);
    if (LEADING.has(held.role)) item.classList.add("leading");
    return item;
  }

  const byRole = (a, b) =>
    (ROLE_ORDER.indexOf(a.role) + 1 || 99) - (ROLE_ORDER.indexOf(b.role) + 1 || 99);

  /**
   * Under the links: where an initiative's or task's lead was found, or what was looked at when none
   * was; for other nodes, why the gaps view rings them (isolated, dormant, single point of failure).
   */
  async function showGapDetails(node, { absent, links, seq }) {
    const section = $("details-gap");
    const summary = $("details-gap-summary");
    const list = $("details-responsible");
    const items = [];
    let sentence = "";
    if (absent) {
      section.hidden = true;
      return;
    }
    if (node.kind === "INITIATIVE" || node.kind === "TASK") {
      const gaps = await loadGaps({ remember: false });
      let held;
      let parts;
      if (node.kind === "INITIATIVE") {
        const data = await gql(RESPONSIBILITY, { id: node.id, asOf: state.asOf }, { remember: false });
        held = data.network.responsibility;
        parts = data.network.parts;
      } else {
        const data = await gql(TASK_PARTS, { id: node.id, asOf: state.asOf }, { remember: false });
        parts = data.network.parts;
        // A task's responsibility is on its own RESPONSIBLE_FOR links.
        held = links
          .filter((link) => link.kind === "RESPONSIBLE_FOR")
          .map((link) => ({ role: link.role, agency: link.other, through: [node], reason: null }));
      }
      if (seq !== selectSeq) return;
      const gap = gaps.noLead.get(node.id);
      const led = !gap && (held.some((found) => LEADING.has(found.role)) || node.kind === "TASK");
      if (led) {
        sentence = text("ledSummary")(node.kind);
      } else {
        // Built from what the hub counted, in both languages: the hub's English reason names roles by
        // their raw values (CO_LEAD), which the page never shows.
        sentence = text("noLeadSummary")(node.kind, partsBelow(node.id, parts));
      }
      items.push(...[...held].sort(byRole).map((found) => responsibleItem(found, node.id)));
      section.dataset.gap = led ? "led" : "no-lead";
    } else {
      const gaps = state.gaps;
      const found = gaps && (gaps.isolated.get(node.id) || gaps.dormant.get(node.id) || gaps.cutPoints.get(node.id));
      if (!found || !$("gaps-toggle").checked) {
        section.hidden = true;
        return;
      }
      section.dataset.gap = found.why;
      if (state.lang === "en") sentence = found.reason.charAt(0).toUpperCase() + found.reason.slice(1) + (found.cutOff ? ":" : ".");
      else if (found.why === "isolated") sentence = text("isolated")(node.kind);
      else if (found.why === "dormant") sentence = text("dormant")(node.kind, found.lastEnded);
      else sentence = text("cutPoint")(found.cutOff.length);
      for (const lost of found.cutOff || []) {
        const item = document.createElement("li");
        item.append(nodeButton(lost));
        items.push(item);
      }
    }
    summary.textContent = sentence;
    list.replaceChildren(...items);
    section.hidden = false;
  }

  // ---- gaps ----

  async function toggleGaps() {
    if ($("gaps-toggle").checked) {
      await loadGaps();
      applyFilters();
      setStatus(
        text("gapsStatus")(
          state.gapIds.size,
          cy.nodes(".gap").length,
          state.overdue.size,
          cy.nodes(".overdue").length,
          state.weakIds.size,
          cy.nodes(".weak").length,
        ),
      );
    } else {
      applyFilters();
      setStatus(text("gapsHidden"));
    }
    if (state.selected) await select(state.selected);
  }

  /**
   * The gaps on the chosen day, in the page's language, for the current token: initiatives and tasks
   * without a lead, isolated and dormant nodes, single points of failure, agencies owing a report.
   * Kept until the day, the language or the token changes.
   */
  async function loadGaps(options) {
    const key = JSON.stringify([state.asOf, state.lang, state.token]);
    if (state.gaps && state.gaps.key === key) return state.gaps;
    const data = await gql(GAPS, { asOf: state.asOf }, options);
    const found = data.network.gaps;
    const byNode = (items, why) =>
      new Map(items.filter((gap) => gap.node).map((gap) => [gap.node.id, { ...gap, why }]));
    const gaps = {
      key,
      noLead: byNode(found.noLead, "no-lead"),
      isolated: byNode(found.isolated, "isolated"),
      dormant: byNode(found.dormant, "dormant"),
      cutPoints: byNode(found.singlePointsOfFailure, "cut-point"),
    };
    state.gaps = gaps;
    state.gapIds = new Set(gaps.noLead.keys());
    state.weakIds = new Set([...gaps.isolated.keys(), ...gaps.dormant.keys(), ...gaps.cutPoints.keys()]);
    state.overdue = new Map();
    for (const late of data.overdueReports) {
      const agency = late.assignment.from.id;
      state.overdue.set(agency, [...(state.overdue.get(agency) || []), late]);
    }
    applyFilters();
    return gaps;
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
    name.dataset.hubName = "";
    name.textContent = viewer.name;
    const scope = viewer.city || viewer.agency;
    line.replaceChildren(
      `${text("signedIn")} `,
      name,
      ` (${text("roles")[viewer.role] || "—"}${scope ? " · " + scope.name : ""})`,
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

  /** Put the page's own words in its language: texts, and the attributes named data-text-*. */
  function applyTexts() {
    document.title = text("title");
    for (const element of document.querySelectorAll("[data-text]")) element.textContent = text(element.dataset.text);
    for (const attribute of ["title", "placeholder", "aria-label"]) {
      for (const element of document.querySelectorAll(`[data-text-${attribute}]`)) {
        element.setAttribute(attribute, text(element.getAttribute(`data-text-${attribute}`)));
      }
    }
    if (!state.selected) $("details-name").textContent = text("noSelection");
    $("empty").textContent = text(state.emptyText);
    if (state.refusal) $("access-message").textContent = text(state.refusal);
  }

  // ---- path ----

  function showEnds() {
    const name = (id) => (id ? cy.getElementById(id).data("name") || "—" : "—");
    $("path-from").textContent = name(state.from);
    $("path-to").textContent = name(state.to);
    // Names from the hub, not the page's words (tests look at the page's words apart).
    $("path-from").toggleAttribute("data-hub-name", Boolean(state.from));
    $("path-to").toggleAttribute("data-hub-name", Boolean(state.to));
    $("path-find").disabled = !(state.from && state.to && state.from !== state.to);
  }

  function clearPath() {
    cy.elements(".on-path").removeClass("on-path");
  }

  async function findPath() {
    const data = await gql(PATH, { from: state.from, to: state.to, asOf: state.asOf });
    clearPath();
    const path = data.network.path;
    if (!path) {
      setStatus(text("noPath"), true);
      return;
    }
    if (merge(path.nodes, path.links)) runLayout();
    for (const node of path.nodes) cy.getElementById(node.id).addClass("on-path");
    for (const link of path.links) cy.getElementById(link.id).addClass("on-path");
    setStatus(text("pathFound")(path.links.length, path.nodes.map((node) => node.name)));
  }

  // ---- the day looked at ----

  /** Look at the network as it stood on `day` ("YYYY-MM-DD"), or today's for an empty one. */
  async function changeDay(day) {
    state.asOf = day || null;
    $("as-of").value = state.asOf || "";
    $("as-of-today").disabled = !state.asOf;
    clearPath();
    if (state.centre) await loadNeighborhood(state.centre, { replace: true });
    else setStatus(text("ready"));
    if ($("gaps-toggle").checked) await toggleGaps();
    else if (state.selected) await select(state.selected);
    showEnds();
  }

  // ---- language ----

  async function switchLanguage(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    applyTexts();
    buildKindFilters();
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
    setStatus(text("namesIn"));
  }

  // ---- wiring ----

  /** The kind legend and filters, keeping which kinds are ticked. */
  function buildKindFilters() {
    const unticked = new Set(
      Array.from(document.querySelectorAll("#kinds input:not(:checked)")).map((input) => input.value),
    );
    $("kinds").replaceChildren(
      ...KINDS.map(([kind, colour]) => {
        const item = document.createElement("li");
        const input = document.createElement("input");
        input.type = "checkbox";
        input.checked = !unticked.has(kind);
        input.value = kind;
        input.id = "kind-" + kind.toLowerCase();
        input.addEventListener("change", applyFilters);
        const lab = document.createElement("label");
        lab.htmlFor = input.id;
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = colour;
        swatch.setAttribute("aria-hidden", "true");
        lab.append(swatch, kindLabel(kind));
        item.append(input, lab);
        return item;
      }),
    );
  }

  /** Run an async handler; its error is already in the status line, so it is not rethrown. */
  const quietly = (handler) => (...args) => handler(...args).catch(() => {});

  // Start in the browser's language when it is English; Vietnamese otherwise, as the hub does.
  if ((navigator.language || "").toLowerCase().startsWith("en")) {
    state.lang = "en";
    document.documentElement.lang = "en";
    $("lang-en").checked = true;
  }
  buildKindFilters();
  applyTexts();
  setStatus(text("ready"));
  $("as-of-today").disabled = true;
  // Canvas labels are drawn with fonts already loaded: redraw them once Be Vietnam Pro is in.
  if (document.fonts && document.fonts.load) {
    document.fonts
      .load(`11px ${LABEL_FONT}`, "Hà Nội Sở Văn hóa")
      .then(() => cy.style().update())
      .catch(() => {});
  }
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
  $("as-of").addEventListener("change", () => quietly(changeDay)($("as-of").value));
  $("as-of-today").addEventListener("click", () => quietly(changeDay)(""));
  $("depth").addEventListener("change", () => {
    if (state.centre) quietly(loadNeighborhood)(state.centre, { replace: true });
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

  // For tests and the curious: the Cytoscape instance, the current state and the page's words.
  window.explorer = { cy, state, TEXT };
})();
