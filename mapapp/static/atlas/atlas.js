/* The atlas page's browser side (mapapp.atlas_page): one map of many articles, a slider over the
 * collection's periods with Play, filters by article, article phase and event type, popups listing every
 * source. Article text is put in the page with textContent only, never as HTML.
 *
 * The data (element #atlas-data):
 *   title, unit ('year' | 'quarter'), reports (how many event reports were read)
 *   periods: [key, label, first day, last day]
 *   articles: {name, title, events, failed, phases: [key, title, start, end]}
 *   types: [event type, events, colour]; holders: [holder, colour]; colours: {contested, unknown}
 *   towns: [name, lat, lon, control steps: [first day, date as written, holder, change,
 *           claims: [article index, holder, sentence]]]
 *   events: {w: town index, k: type, a1, a2: actors, d: date as shown, p: period indices,
 *            r: reports: [article index, section, phase index in its article (-1: none), sentence, date, basis]}
 *   outlines: {countries, neighbours, regions}: GeoJSON drawn under the towns (mapapp.basemap's choice)
 *   view: [[south, west], [north, east]] the opening view (mapapp.basemap's main view), or null
 */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("atlas-data").textContent);
  const byId = (id) => document.getElementById(id);
  const PLAY_MS = 1500;
  const POPUP_EVENTS = 25;
  const INFERRED = new Set(["context", "heading"]);
  const typeColour = Object.fromEntries(data.types.map((t) => [t[0], t[2]]));
  const typeOrder = Object.fromEntries(data.types.map((t, i) => [t[0], i]));
  const holderColour = Object.fromEntries(data.holders.map((h) => [h[0], h[1]]));
  const state = {
    period: 0, colour: "type", phase: null, timer: null, shownTowns: [],
    articles: new Set(data.articles.map((a, i) => i)), types: new Set(data.types.map((t) => t[0])),
  };

  function make(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function typeName(type) { return type ? type.replace(/_/g, " ") : "type not stated"; }

  // --- the map -------------------------------------------------------------------------------------------
  const map = L.map("atlas-map", { minZoom: 2, maxZoom: 14, worldCopyJump: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Places: GeoNames · Outlines: Natural Earth");
  L.geoJSON(data.outlines.neighbours, {
    interactive: false, style: { color: "#b5b5b5", weight: 0.8, fillColor: "#ebe8e1", fillOpacity: 1 },
  }).addTo(map);
  const outlines = L.geoJSON(data.outlines.countries, {
    interactive: false, style: { color: "#8a8a8a", weight: 1.2, fillColor: "#f7f4ec", fillOpacity: 1 },
  }).addTo(map);
  L.geoJSON(data.outlines.regions, {
    interactive: false, style: { color: "#a8a8a8", weight: 0.6, dashArray: "3 3", fill: false },
  }).addTo(map);
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    { maxZoom: 19, attribution: "© OpenStreetMap contributors" });
  L.control.layers(null, { "OpenStreetMap (online only)": osm }, { collapsed: true }).addTo(map);
  L.control.scale().addTo(map);
  const markers = L.layerGroup().addTo(map);
  const legendControl = L.control({ position: "bottomright" });
  legendControl.onAdd = () => {
    const box = make("div", null, "atlas-legend");
    box.id = "atlas-legend";
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  legendControl.addTo(map);

  // --- what is shown ----------------------------------------------------------------------------------------
  function reportShown(report) {
    if (!state.articles.has(report[0])) return false;
    return state.phase === null || (report[0] === state.phase[0] && report[2] === state.phase[1]);
  }

  function shown(event) {
    if (!state.types.has(event.k)) return false;
    if (state.period > 0 && event.p.indexOf(state.period - 1) < 0) return false;
    return event.r.some(reportShown);
  }

  function viewEnd() {
    const periods = data.periods;
    if (!periods.length) return "9999-12-31";
    return state.period > 0 ? periods[state.period - 1][3] : periods[periods.length - 1][3];
  }

  function holderAt(town, day) {
    let step = null;
    for (const candidate of town[3]) {
      if (candidate[0] <= day) step = candidate; else break;
    }
    return step;
  }

  function holderOf(step) {
    if (!step) return "unknown";
    if (step[3] === "contested") return "contested";
    return step[2] || "unknown";
  }

  function colourOf(townIndex, events) {
    if (state.colour === "control") {
      const holder = holderOf(holderAt(data.towns[townIndex], viewEnd()));
      return holderColour[holder] || data.colours[holder] || data.colours.unknown;
    }
    const counts = new Map();
    for (const i of events) counts.set(data.events[i].k, (counts.get(data.events[i].k) || 0) + 1);
    let best = null;
    for (const [type, count] of counts) {
      if (best === null || count > counts.get(best) || (count === counts.get(best) && typeOrder[type] < typeOrder[best])) best = type;
    }
    return typeColour[best] || "#777777";
  }

  function radius(count) { return Math.min(26, 4 + 3 * Math.sqrt(count)); }

  // --- popups ---------------------------------------------------------------------------------------------
  function articleLabel(index) {
    const article = data.articles[index];
    return article.title && article.title !== article.name ? `${article.title} (${article.name})` : article.name;
  }

  function controlLine(town) {
    const step = holderAt(town, viewEnd());
    if (!step) return null;
    const line = make("p", null, "atlas-held");
    if (step[3] === "contested") {
      const claims = step[4].map((c) => `${c[1] || "not stated"} (${data.articles[c[0]].name})`).join("; ");
      line.textContent = `Contested since ${step[1]}: ${claims}`;
    } else if (step[2]) {
      const sources = [...new Set(step[4].map((c) => data.articles[c[0]].name))].join("; ");
      line.textContent = `Held by ${step[2]} since ${step[1]} (${sources})`;
    } else {
      line.textContent = `Holder not stated since ${step[1]}`;
    }
    return line;
  }

  function popup(townIndex, events) {
    const town = data.towns[townIndex];
    const box = make("div", null, "atlas-popup");
    box.append(make("h3", town[0]));
    box.append(make("p", `${events.length} event${events.length === 1 ? "" : "s"} in this view`, "atlas-count"));
    const held = controlLine(town);
    if (held) box.append(held);
    const list = make("ol");
    let inferred = false;
    for (const i of events.slice(0, POPUP_EVENTS)) {
      const event = data.events[i];
      const item = make("li");
      const head = make("div", null, "atlas-event");
      head.append(make("span", event.d, "atlas-when"), " ", make("span", typeName(event.k), "atlas-type"));
      const actors = [event.a1, event.a2].filter(Boolean).join(" → ");
      if (actors) head.append(" ", make("span", actors, "atlas-actors"));
      item.append(head);
      const sources = make("ul", null, "atlas-sources");
      for (const report of event.r) {
        const source = make("li");
        if (!reportShown(report)) source.className = "atlas-filtered";
        const mark = INFERRED.has(report[5]) ? "≈ " : "";
        inferred = inferred || Boolean(mark);
        source.append(make("span", `${mark}${report[4]}`, "atlas-when"), " ",
          make("span", articleLabel(report[0]), "atlas-article"));
        if (report[1]) source.append(" ", make("span", `(${report[1]})`, "atlas-where"));
        source.append(": ", make("span", report[3], "atlas-sentence"));
        sources.append(source);
      }
      item.append(sources);
      list.append(item);
    }
    box.append(list);
    if (events.length > POPUP_EVENTS) {
      box.append(make("p", `… and ${events.length - POPUP_EVENTS} more: choose a period or fewer articles to read them.`, "atlas-more"));
    }
    if (inferred) {
      box.append(make("p", "≈ the sentence gives no date of its own: it is dated by the text before it or by its heading.", "atlas-more"));
    }
    return box;
  }

  // --- drawing --------------------------------------------------------------------------------------------
  function render() {
    markers.clearLayers();
    const byTown = new Map();
    data.events.forEach((event, i) => {
      if (!shown(event)) return;
      if (!byTown.has(event.w)) byTown.set(event.w, []);
      byTown.get(event.w).push(i);
    });
    // Biggest first, so that small circles are drawn on top and stay clickable.
    const towns = [...byTown.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
    let count = 0;
    for (const [townIndex, events] of towns) {
      const town = data.towns[townIndex];
      count += events.length;
      const marker = L.circleMarker([town[1], town[2]], {
        radius: radius(events.length), color: "#ffffff", weight: 1.5, fillColor: colourOf(townIndex, events),
        fillOpacity: 0.85,
      });
      marker.bindTooltip(make("span", `${town[0]}: ${events.length} event${events.length === 1 ? "" : "s"}`));
      marker.bindPopup(() => popup(townIndex, events), { maxWidth: 440, maxHeight: 380 });
      marker.on("add", () => {
        const path = marker.getElement();
        if (path) {
          path.setAttribute("aria-label", `${town[0]}, ${events.length} events`);
          path.classList.add("atlas-town");
        }
      });
      marker.addTo(markers);
    }
    state.shownTowns = towns.map(([townIndex]) => L.latLng(data.towns[townIndex][1], data.towns[townIndex][2]));
    byId("atlas-count").textContent =
      `${count} event${count === 1 ? "" : "s"} in ${towns.length} town${towns.length === 1 ? "" : "s"}`;
    drawLegend();
  }

  function drawLegend() {
    const legend = byId("atlas-legend");
    legend.replaceChildren();
    if (state.colour !== "control") {
      legend.append(make("p", "Colour: the town's most frequent event type in this view (see Event types)."));
      return;
    }
    legend.append(make("h2", `Held by, at the end of ${state.period > 0 ? "the period" : "the timeline"}`));
    const list = make("ul");
    const rows = data.holders.map((h) => [h[0], h[1]]).concat([
      ["Contested (articles disagree)", data.colours.contested], ["Not stated in the text", data.colours.unknown]]);
    for (const [label, colour] of rows) {
      const item = make("li");
      const swatch = make("span", null, "atlas-swatch");
      swatch.style.background = colour;
      item.append(swatch, make("span", label));
      list.append(item);
    }
    legend.append(list);
  }

  function showPeriod(value) {
    state.period = Math.max(0, Math.min(data.periods.length, value));
    byId("atlas-period").value = String(state.period);
    const label = byId("atlas-period-label");
    if (state.period === 0) {
      const first = data.periods[0], last = data.periods[data.periods.length - 1];
      label.textContent = first ? `All periods (${first[1]} – ${last[1]})` : "All periods";
    } else {
      label.textContent = data.periods[state.period - 1][1];
    }
    byId("atlas-prev").disabled = state.period === 0;
    byId("atlas-next").disabled = state.period === data.periods.length;
    render();
  }

  function stopPlaying() {
    if (state.timer !== null) clearInterval(state.timer);
    state.timer = null;
    byId("atlas-play").textContent = "▶ Play";
    byId("atlas-play").setAttribute("aria-pressed", "false");
  }

  function play() {
    if (state.timer !== null) { stopPlaying(); return; }
    if (!data.periods.length) return;
    if (state.period === 0 || state.period === data.periods.length) showPeriod(1);
    byId("atlas-play").textContent = "❚❚ Pause";
    byId("atlas-play").setAttribute("aria-pressed", "true");
    state.timer = setInterval(() => {
      if (state.period >= data.periods.length) stopPlaying(); else showPeriod(state.period + 1);
    }, PLAY_MS);
  }

  // --- controls -------------------------------------------------------------------------------------------
  function checkbox(listId, key, label, count, colour, disabled, hint) {
    const item = make("li");
    const box = make("input");
    box.type = "checkbox";
    box.checked = !disabled;
    box.disabled = Boolean(disabled);
    box.dataset.key = String(key);
    box.id = `${listId}-${typeof key === "number" ? key : key || "none"}`;
    const text = make("label");
    text.htmlFor = box.id;
    if (colour) {
      const swatch = make("span", null, "atlas-swatch");
      swatch.style.background = colour;
      text.append(swatch);
    }
    text.append(make("span", label), make("span", ` ${count}`, "atlas-n"));
    if (hint) text.title = hint;
    item.append(box, text);
    byId(listId).append(item);
    return box;
  }

  function readChecks() {
    state.articles = new Set([...byId("atlas-articles").querySelectorAll("input:checked")].map((b) => Number(b.dataset.key)));
    state.types = new Set([...byId("atlas-types").querySelectorAll("input:checked")].map((b) => b.dataset.key));
    render();
  }

  function setup() {
    byId("atlas-title").textContent = data.title;
    const used = data.articles.filter((a) => !a.failed).length;
    byId("atlas-summary").textContent = `${data.events.length} events from ${data.reports} reports in ${used} ` +
      `article${used === 1 ? "" : "s"}; time in ${data.unit}s.`;
    data.articles.forEach((article, i) => {
      checkbox("atlas-articles", i, article.title || article.name, article.failed ? "failed" : article.events, null,
        article.failed, article.name);
    });
    data.types.forEach((type) => checkbox("atlas-types", type[0], typeName(type[0]), type[1], type[2]));
    const phases = byId("atlas-phase");
    phases.append(new Option("Any phase of any article", ""));
    data.articles.forEach((article, i) => {
      if (!article.phases.length) return;
      const group = document.createElement("optgroup");
      group.label = articleLabel(i);
      article.phases.forEach((phase, p) => {
        group.append(new Option(`${phase[1]} (${phase[2]} – ${phase[3]})`, `${i}:${p}`));
      });
      phases.append(group);
    });
    phases.addEventListener("change", () => {
      state.phase = phases.value ? phases.value.split(":").map(Number) : null;
      render();
    });
    byId("atlas-articles").addEventListener("change", readChecks);
    byId("atlas-types").addEventListener("change", readChecks);
    for (const button of document.querySelectorAll("[data-all], [data-none]")) {
      button.addEventListener("click", () => {
        const list = byId(`atlas-${button.dataset.all || button.dataset.none}`);
        for (const box of list.querySelectorAll("input:not(:disabled)")) box.checked = Boolean(button.dataset.all);
        readChecks();
      });
    }
    const slider = byId("atlas-period");
    slider.max = String(data.periods.length);
    slider.addEventListener("input", () => { stopPlaying(); showPeriod(Number(slider.value)); });
    byId("atlas-prev").addEventListener("click", () => { stopPlaying(); showPeriod(state.period - 1); });
    byId("atlas-next").addEventListener("click", () => { stopPlaying(); showPeriod(state.period + 1); });
    byId("atlas-play").addEventListener("click", play);
    byId("atlas-fit").addEventListener("click", () => {
      if (state.shownTowns.length) map.fitBounds(L.latLngBounds(state.shownTowns).pad(0.15), { maxZoom: 8 });
    });
    byId("atlas-colour").addEventListener("change", (e) => { state.colour = e.target.value; render(); });
  }

  function median(values) {
    const sorted = values.slice().sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  // The opening view: mapapp.basemap's main view; without one, the towns within FAR_KM of the events'
  // median, unless that leaves out more than one event in ten. Far towns are one pan away.
  const FAR_KM = 1500;
  function fitAll() {
    if (data.view) { map.fitBounds(data.view, { maxZoom: 8 }); return; }
    let points = data.events.map((e) => L.latLng(data.towns[e.w][1], data.towns[e.w][2]));
    if (points.length) {
      const centre = L.latLng(median(points.map((p) => p.lat)), median(points.map((p) => p.lng)));
      const near = points.filter((p) => centre.distanceTo(p) <= FAR_KM * 1000);
      if (near.length * 10 >= points.length * 9) points = near;
    }
    if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 8 });
    else if (outlines.getBounds().isValid()) map.fitBounds(outlines.getBounds());
    else map.setView([20, 0], 2);
  }

  setup();
  // On a phone the panel sits above the map: its long lists start folded, so that the map shows.
  if (window.matchMedia("(max-width: 700px)").matches) {
    for (const box of document.querySelectorAll("#atlas-panel details")) box.open = false;
  }
  fitAll();
  showPeriod(0);
  window.mapappAtlas = { map, state, showPeriod, render };  // for tests and for curious readers
}());
