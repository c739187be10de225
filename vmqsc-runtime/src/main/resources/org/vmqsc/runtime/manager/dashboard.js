// The manager's dashboard (docs/operations.md "Dashboard"): polls /api/state and draws it. No
// framework, nothing fetched from elsewhere: the page works on a cluster with no internet.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const LINES_WINDOW_MILLIS = 5 * 60 * 1000; // the lines chart shows the last five minutes
  // At least 12 periods and 10 s; more when an MI VM's interval needs them to show twice.
  const STRIP_PERIODS = 12, STRIP_MILLIS = 10000, STRIP_MAX_PERIODS = 60;
  const BAD_EVENTS = new Set(["HOST_FAILED", "HOST_FENCED", "RECOVERY_FAILED", "FALLBACK",
    "VM_FAILED"]);
  const GOOD_EVENTS = new Set(["RECOVERY_FINISHED", "VM_RESTORED", "CHECKPOINT_DURABLE",
    "HOST_JOINED"]);
  let timer = null;

  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, text) {
    const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4))
      : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  const shown = (v) => (v === null || v === undefined ? "–" : String(v));
  const clock = (ms) => new Date(ms).toLocaleTimeString([], {hour12: false});

  async function poll() {
    try {
      const r = await fetch("/api/state", {cache: "no-store"});
      if (!r.ok) throw new Error((await r.text()).trim() || "HTTP " + r.status);
      const s = await r.json();
      render(s);
      setConnection("live " + clock(s.atMillis), "ok");
      schedule(Math.min(1000, Math.max(250, s.basePeriodMillis)));
    } catch (e) {
      setConnection("manager not answering: " + e.message, "bad");
      schedule(2000);
    }
  }
  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }
  function setConnection(text, cls) {
    const c = $("connection");
    c.textContent = text;
    c.className = cls;
  }

  function render(s) {
    $("protocol").textContent = s.protocol;
    $("period").textContent = s.basePeriodMillis;
    $("index").textContent = s.index;
    $("manager").textContent = s.manager.address;
    for (const k of ["taken", "durable"]) {
      $(k).textContent = s.lines[k];
      $(k).dataset.value = s.lines[k];
    }
    const rec = s.recovery;
    $("recovery").textContent = (rec.inProgress ? "recovery in progress · " : "")
      + rec.completed + " recoveries" + (rec.lastLine === null ? "" : ", last to line " + rec.lastLine);
    const problems = [s.manager.problem, rec.problem].concat(
      s.hosts.map((h) => h.storageProblem && "host " + h.host + ": " + h.storageProblem))
      .filter(Boolean);
    $("problems").hidden = problems.length === 0;
    $("problems").textContent = problems.join(" · ");
    linesChart(s);
    strip(s);
    hosts(s);
    vms(s);
    events(s);
  }

  function linesChart(s) {
    const svg = $("lines-chart");
    svg.replaceChildren();
    const W = 640, H = 200, L = 44, R = 10, T = 10, B = 24;
    const from = s.atMillis - LINES_WINDOW_MILLIS;
    const pts = s.history.filter((p) => p.atMillis >= from);
    const t0 = pts.length ? pts[0].atMillis : s.atMillis;
    const span = Math.max(1000, s.atMillis - t0);
    $("lines-window").textContent = Math.round(span / 1000) + " s";
    const vals = pts.flatMap((p) => [p.taken, p.durable]).filter((v) => v >= 0);
    const lo = vals.length ? Math.min(...vals) : 0, hi = vals.length ? Math.max(...vals) : 1;
    const top = hi === lo ? lo + 1 : hi;
    const x = (t) => L + (W - L - R) * (t - t0) / span;
    const y = (v) => H - B - (H - T - B) * (v - lo) / (top - lo);
    svg.append(el("svg:line", {class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B}),
      el("svg:line", {class: "axis", x1: L, y1: T, x2: L, y2: H - B}));
    for (const v of [lo, Math.round((lo + top) / 2), top]) {
      svg.append(el("svg:text", {class: "label", x: L - 4, y: y(v) + 4, "text-anchor": "end"}, v));
    }
    svg.append(el("svg:text", {class: "label", x: L, y: H - 6}, clock(t0)),
      el("svg:text", {class: "label", x: W - R, y: H - 6, "text-anchor": "end"}, clock(s.atMillis)));
    for (const k of ["taken", "durable"]) {
      const d = pts.filter((p) => p[k] >= 0).map((p) => x(p.atMillis).toFixed(1) + ","
        + y(p[k]).toFixed(1)).join(" ");
      svg.append(el("svg:polyline", {class: "series " + k, points: d, "data-points": pts.length}));
    }
  }

  function strip(s) {
    const svg = $("strip");
    svg.replaceChildren();
    const T0 = s.basePeriodMillis;
    const maxK = Math.max(1, ...s.vms.map((v) => v.checkpointIntervalMillis / T0));
    const periods = Math.min(STRIP_MAX_PERIODS, Math.max(STRIP_PERIODS, 2 * maxK + 2,
      Math.ceil(STRIP_MILLIS / T0)));
    $("strip-periods").textContent = periods;
    const now = (s.atMillis - s.epochMillis) / T0; // in periods since the epoch (R1)
    const start = now - periods;
    const rowH = 26, L = 48, R = 10, T = 16;
    const H = T + rowH * s.vms.length + 18, W = 640;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    const x = (p) => L + (W - L - R) * (p - start) / periods;
    const rowY = (vm) => T + rowH * vm + rowH / 2;
    for (let p = Math.ceil(start); p <= now; p++) {
      svg.append(el("svg:line", {class: "grid", x1: x(p), y1: T, x2: x(p), y2: H - 18}));
      if (p % Math.ceil(periods / 12) === 0) svg.append(el("svg:text", {class: "label", x: x(p), y: H - 4,
        "text-anchor": "middle"}, p));
    }
    for (const v of s.vms) {
      svg.append(el("svg:text", {class: "label", x: 4, y: rowY(v.vm) + 4}, "VM " + v.vm),
        el("svg:line", {class: "axis", x1: L, y1: rowY(v.vm), x2: W - R, y2: rowY(v.vm)}));
      for (const c of v.checkpoints.filter((c) => c.index >= start && c.index <= now + 1)) {
        svg.append(el("svg:circle", {class: "ckpt " + (c.durable ? "durable" : "staged"),
          cx: x(c.index), cy: rowY(v.vm), r: 5, "data-vm": v.vm, "data-index": c.index}));
      }
    }
    for (const [k, cls] of [["durable", "line-durable"], ["taken", "line-taken"]]) {
      const line = s.lines[k];
      if (line >= start) svg.append(el("svg:line", {class: cls, x1: x(line), y1: T - 6,
        x2: x(line), y2: H - 18, "data-line": k}));
    }
    svg.append(el("svg:line", {class: "now", x1: x(now), y1: T - 10, x2: x(now), y2: H - 18}));
    for (const e of s.events) {
      const p = (e.atMillis - s.epochMillis) / T0;
      if (p < start || p > now + 1) continue;
      if (e.vm !== null && (e.kind === "VM_FAILED" || e.kind === "VM_RESTORED")) {
        const failed = e.kind === "VM_FAILED";
        svg.append(el("svg:text", {class: failed ? "vmfail" : "vmrestore", x: x(p),
          y: rowY(e.vm) + 5, "text-anchor": "middle", "data-event": e.kind}, failed ? "✕" : "↺"));
      } else if (e.kind === "HOST_FAILED" || e.kind === "RECOVERY_FINISHED") {
        svg.append(el("svg:line", {class: "hostevent", x1: x(p), y1: T, x2: x(p), y2: H - 18}),
          el("svg:text", {class: "label", x: x(p) + 2, y: T - 4},
            (e.kind === "HOST_FAILED" ? "host " + e.host + " failed" : "recovered")));
      }
    }
  }

  function cell(tr, text, cls) {
    tr.append(el("td", cls ? {class: cls} : {}, shown(text)));
  }

  function hosts(s) {
    const body = $("hosts").tBodies[0];
    body.replaceChildren();
    for (const h of s.hosts) {
      const tr = el("tr", {"data-host": h.host});
      cell(tr, h.host, "num");
      const state = h.alive ? "alive" : h.awaitingRecovery ? "awaiting recovery" : "failed";
      cell(tr, state, h.alive ? "ok" : "bad");
      cell(tr, h.sessionUp ? "up" : "down", h.sessionUp ? "ok" : "warn");
      cell(tr, h.joins, "num");
      cell(tr, h.address);
      cell(tr, h.vms.join(", "));
      cell(tr, h.storageProblem || (h.answers ? "ok" : "not answering"),
        h.storageProblem ? "bad" : h.answers ? "ok" : "warn");
      body.append(tr);
    }
  }

  function vms(s) {
    const body = $("vms").tBodies[0];
    body.replaceChildren();
    for (const v of s.vms) {
      const tr = el("tr", {"data-vm": v.vm});
      cell(tr, v.vm, "num");
      cell(tr, v.host, "num");
      cell(tr, v.type);
      cell(tr, v.up === null ? null : v.up ? "up" : "failed",
        v.up === null ? "warn" : v.up ? "ok" : "bad");
      cell(tr, v.index, "num");
      cell(tr, v.incarnation, "num");
      const c = v.lastCheckpoint;
      cell(tr, c === null ? null : c.index + (c.durable ? " durable" : " staged"));
      cell(tr, v.volatileLog, "num");
      cell(tr, v.stableLogs, "num");
      cell(tr, v.usable, "num");
      body.append(tr);
    }
  }

  function events(s) {
    const list = $("events");
    list.replaceChildren();
    for (const e of s.events.slice().reverse()) {
      const li = el("li", {"data-kind": e.kind, "data-seq": e.seq});
      li.append(el("time", {datetime: new Date(e.atMillis).toISOString()}, clock(e.atMillis)),
        el("span", {class: "kind " + (BAD_EVENTS.has(e.kind) ? "bad"
          : GOOD_EVENTS.has(e.kind) ? "ok" : "")}, e.kind), document.createTextNode(e.text));
      list.append(li);
    }
    if (s.events.length === 0) list.append(el("li", {}, "no events yet"));
  }

  poll();
})();
