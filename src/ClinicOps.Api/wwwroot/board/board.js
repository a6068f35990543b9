// The nurse station's observation board. Reads the site's board stream with fetch (not EventSource, which cannot
// send an Authorization header: the token never goes in the URL), parses server-sent events, and reconnects with
// Last-Event-ID. No build step, no dependencies; the page's CSP allows only its own scripts and styles.
"use strict";

const state = { chairs: new Map(), lastEventId: null, controller: null, retryMs: 4000 };
const $ = (id) => document.getElementById(id);

function claimsOf(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "=")));
  } catch {
    return {};
  }
}

function minutes(value) {
  return value === null || value === undefined ? "–" : `${value} min`;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
}

function classify(session) {
  if (!session) return "free";
  if (session.openAlerts.length > 0) return "alert";
  if (session.nextCheckpoint && session.nextCheckpoint.overdue) return "overdue";
  if (session.readyForDischarge) return "ready";
  return "monitoring";
}

function line(className, text) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}

function render() {
  const board = $("board");
  board.replaceChildren();
  for (const chair of [...state.chairs.values()].sort((a, b) => a.chairName.localeCompare(b.chairName))) {
    const s = chair.session;
    const card = document.createElement("section");
    const kind = classify(s);
    card.className = `chair ${kind}`;
    card.dataset.chair = chair.chairId;
    card.dataset.state = kind;
    const title = document.createElement("h2");
    title.textContent = chair.chairName;
    card.append(title);
    if (!s) {
      card.append(line("status", "free"));
    } else {
      card.append(line("initials", s.patientInitials));
      card.append(line("status", `${s.label} · ${s.treatment === "IvKetamine" ? "IV ketamine" : "esketamine"} · ${s.status === "CheckedIn" ? "checked in" : "monitoring"}`));
      card.append(line("times", `${minutes(s.elapsedMinutes)} elapsed · ${minutes(s.remainingMinutes)} left`));
      if (s.nextCheckpoint) {
        const due = s.nextCheckpoint.dueBy ? ` by ${time(s.nextCheckpoint.dueBy)}` : "";
        card.append(line("checkpoint", `${s.nextCheckpoint.overdue ? "OVERDUE: " : "Next: "}${s.nextCheckpoint.name}${due}`));
      }
      for (const alert of s.openAlerts) {
        card.append(line("alerts", `ALERT: ${alert.message}`));
      }
      if (s.readyForDischarge) card.append(line("status", "Ready for discharge"));
    }
    board.append(card);
  }
}

function apply(event, data) {
  if (event === "snapshot") {
    state.chairs = new Map(data.chairs.map((c) => [c.chairId, c]));
  } else if (event === "chair") {
    state.chairs.set(data.chairId, data);
  }
  render();
}

async function connect(token, site) {
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const headers = { Authorization: `Bearer ${token}`, Accept: "text/event-stream" };
  if (state.lastEventId !== null) headers["Last-Event-ID"] = state.lastEventId;
  try {
    const response = await fetch(`/api/v1/sites/${encodeURIComponent(site)}/board/events`, { headers, signal: controller.signal, cache: "no-store" });
    if (!response.ok) {
      $("connection").textContent = `Refused: ${response.status}`;
      if (response.status === 401 || response.status === 403 || response.status === 404) return;
      throw new Error(`HTTP ${response.status}`);
    }
    $("connection").textContent = "Connected";
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        let data = "";
        for (const field of block.split("\n")) {
          if (field.startsWith(":")) continue;
          const colon = field.indexOf(":");
          const name = colon < 0 ? field : field.slice(0, colon);
          const text = colon < 0 ? "" : field.slice(colon + 1).replace(/^ /, "");
          if (name === "event") event = text;
          else if (name === "data") data += (data ? "\n" : "") + text;
          else if (name === "id") state.lastEventId = text;
          else if (name === "retry" && /^\d+$/.test(text)) state.retryMs = Number(text);
        }
        if (data) apply(event, JSON.parse(data));
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    $("connection").textContent = `Reconnecting (${error.message})`;
  }
  if (!controller.signal.aborted) setTimeout(() => connect(token, site), state.retryMs);
}

document.addEventListener("DOMContentLoaded", () => {
  const saved = sessionStorage.getItem("clinicops-board-token");
  if (saved) $("token").value = saved;
  $("token").addEventListener("change", () => {
    const sites = claimsOf($("token").value.trim()).site;
    if (!$("site").value && sites) $("site").value = Array.isArray(sites) ? sites[0] : sites;
  });
  $("sign-in").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("token").value.trim();
    sessionStorage.setItem("clinicops-board-token", token);
    state.lastEventId = null;
    connect(token, $("site").value.trim());
  });
});
