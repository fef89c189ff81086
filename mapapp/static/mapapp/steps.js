/* The app's event stepping, in the browser: "Previous event" and "Next event" on the map step through the
   view's events in date order (the story beside the map), jump to each town and open its popup with that
   event first, put ?event=N in the page's URL, and tell the app, which marks the line in its story, without
   waiting for it. A step costs no round trip to the server (1-2 s on a busy one).
   Each town's `steps` ([position in the story, index in the town's events, event number]) come from
   mapapp.maps.marker_layer; mapapp.bindTown registers the towns. Loaded by the app only (exported pages step
   with story.js). */
(function () {
  "use strict";
  var mapapp = (window.mapapp = window.mapapp || {});
  var FLY_ZOOM = 7; // at least as close as the app's own flight to a picked story line (mapapp/app.py)

  function stepsOf(map) {
    if (!map._mapappSteps) map._mapappSteps = {towns: [], at: null, control: null, pending: false};
    return map._mapappSteps;
  }

  /* Every step of the towns on the map, in story order: {position, layer, p, within, event}. */
  function allSteps(state) {
    var list = [];
    state.towns.forEach(function (t) {
      t.p.steps.forEach(function (s) { list.push({position: s[0], within: s[1], event: s[2], layer: t.layer, p: t.p}); });
    });
    return list.sort(function (a, b) { return a.position - b.position; });
  }

  function show(map) {
    var state = stepsOf(map), list = allSteps(state), ui = state.control && state.control.ui;
    if (!ui) return;
    var at = list.findIndex(function (s) { return s.event === state.at; });
    ui.box.hidden = !list.length;
    ui.status.textContent = at < 0 ? list.length + (list.length === 1 ? " event" : " events")
                                   : "Event " + (at + 1) + " of " + list.length;
    ui.previous.disabled = !list.length || at === 0;
    ui.next.disabled = !list.length || at === list.length - 1;
    map.getContainer().setAttribute("data-step", state.at === null ? "" : String(state.at));
  }

  function later(map) {
    var state = stepsOf(map);
    if (state.pending) return;
    state.pending = true;
    setTimeout(function () { state.pending = false; show(map); }, 0);
  }

  /* The page's URL keeps the step (a shared link reopens it); the app hears of it through the map's own
     channel to Streamlit, with what streamlit-folium last sent, so that no click is read into it. */
  function tell(event) {
    try {
      var page = window.parent, url = new URL(page.location.href);
      url.searchParams.set("event", String(event));
      page.history.replaceState(page.history.state, "", url.toString());
    } catch (err) { /* a page of another origin: its URL stays the app's */ }
    var last = (window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.previous_data) || {};
    var value = Object.assign({}, last, {mapapp_event: event, mapapp_step: Date.now() + Math.random()});
    window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue", value: value,
                               dataType: "json"}, "*");
  }

  function step(map, offset) {
    var state = stepsOf(map), list = allSteps(state);
    if (!list.length) return;
    var at = list.findIndex(function (s) { return s.event === state.at; });
    at = at < 0 ? (offset > 0 ? 0 : list.length - 1) : Math.min(Math.max(at + offset, 0), list.length - 1);
    var chosen = list[at];
    state.at = chosen.event;
    state.towns.forEach(function (t) { delete t.p.picked; });
    chosen.p.picked = chosen.within;
    map.closePopup();
    // No animation: the town is there at once, and its popup opens on it (auto-pan keeps it in view).
    map.setView(chosen.layer.getLatLng(), Math.max(map.getZoom(), FLY_ZOOM), {animate: false});
    chosen.layer.openPopup();
    show(map);
    tell(chosen.event);
  }

  /* The keyboard steps too: N (or ".") next, P (or ",") previous, as on the buttons' titles; not while a
     field has the keys, nor with a modifier (the browser's own shortcuts). The arrows stay Leaflet's pan. */
  function keys(map) {
    var doc = map.getContainer().ownerDocument;
    if (doc._mapappStepKeys) return;
    doc._mapappStepKeys = true;
    doc.addEventListener("keydown", function (e) {
      var tag = (e.target && e.target.tagName) || "";
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(tag)) return;
      var offset = {n: 1, N: 1, ".": 1, p: -1, P: -1, ",": -1}[e.key];
      if (!offset) return;
      e.preventDefault();
      step(map, offset);
    });
  }

  function control(map) {
    var box = L.control({position: "topleft"});
    box.onAdd = function () {
      var el = mapapp.util.el, div = el("div", "leaflet-bar mapapp-steps");
      var previous = el("button", "", div, "\u2039"), status = el("span", "mapapp-steps-status", div);
      var next = el("button", "", div, "\u203a");
      [[previous, "Previous event", -1, "P"], [next, "Next event", 1, "N"]].forEach(function (b) {
        b[0].type = "button";
        b[0].title = b[1] + " (" + b[3] + ")";
        b[0].setAttribute("aria-label", b[1]);
        b[0].setAttribute("aria-keyshortcuts", b[3]);
        L.DomEvent.on(b[0], "click", function (e) { L.DomEvent.stop(e); step(map, b[2]); });
      });
      status.setAttribute("aria-live", "polite");
      keys(map);
      L.DomEvent.disableClickPropagation(div);
      box.ui = {box: div, previous: previous, next: next, status: status};
      return div;
    };
    return box.addTo(map);
  }

  /* A town with story steps came onto the map (bindTown): the stepper counts it; the one the app opened
     (a picked line) is where stepping goes on from. */
  mapapp.addStepTown = function (map, layer, p) {
    if (!p.steps || !p.steps.length) return;
    var state = stepsOf(map);
    state.towns.push({layer: layer, p: p});
    if (!state.control) state.control = control(map);
    if (p.open && typeof p.picked === "number") {
      p.steps.forEach(function (s) { if (s[1] === p.picked) state.at = s[2]; });
    }
    later(map);
  };

  mapapp.removeStepTown = function (map, layer) {
    var state = stepsOf(map);
    state.towns = state.towns.filter(function (t) { return t.layer !== layer; });
    if (!state.towns.length) state.at = null; // a new view: stepping starts again from its first event
    later(map);
  };
})();
