/* mapapp's map controls: the offline basemap, town markers (accessible names, compact popups), names placed
   without overlap, boxes, and the story control of exported pages (phases, date range, Play, event stepping).
   Loaded before folium's scripts (inlined by mapapp.export, served at /app/static/ by the app).
   Every string that comes from a document arrives already HTML-escaped by mapapp.towns / mapapp.maps. */
(function () {
  "use strict";
  var mapapp = (window.mapapp = window.mapapp || {});
  var LAND = {color: "#a5a5a5", weight: 0.7, fillColor: "#ece8dc", fillOpacity: 1};
  var FOCUS = {color: "#555555", weight: 1.6, fillColor: "#fffdf6", fillOpacity: 1};
  var REGION = {color: "#8f8f8f", weight: 0.8, dashArray: "4 3", fill: false};
  var NARROW = 500; // px: below this map width the boxes fold to small buttons
  var SHOWN_EVENTS = 3; // a popup lists the town's latest events; "Show all" opens the rest

  function el(tag, className, parent, text) {
    var node = L.DomUtil.create(tag, className || "", parent);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function narrow(map) { return map.getSize().x < NARROW; }

  /* ---------- names on the map, placed without overlap ---------- */

  /* Each map keeps its names (towns, countries, regions) and its markers; place() puts every name where it
     overlaps no other name, no marker and no box, the most important first (the busiest towns, then the
     countries, then regions), and hides the ones that fit nowhere. */
  function labelsOf(map) {
    if (map._mapappLabels) return map._mapappLabels;
    var pane = map.getPane("mapapp-names") || map.createPane("mapapp-names");
    pane.style.zIndex = 450; // above the markers' circles (400), below tooltips and popups
    pane.style.pointerEvents = "none";
    var state = {names: [], markers: [], pending: false};
    map._mapappLabels = state;
    function later() {
      if (state.pending) return;
      state.pending = true;
      setTimeout(function () { state.pending = false; mapapp.placeNames(map); }, 0);
    }
    state.later = later;
    map.on("zoomend moveend resize", later);
    return state;
  }

  function addName(map, latlng, html, kind, rank, radius) {
    var state = labelsOf(map);
    var node = el("div", "mapapp-name mapapp-name-" + kind, map.getPane("mapapp-names"));
    node.innerHTML = html;
    node.setAttribute("aria-hidden", "true"); // the marker's own name says it to screen readers
    node.setAttribute("data-at", String(L.latLng(latlng).lat) + "," + String(L.latLng(latlng).lng));
    var name = {latlng: L.latLng(latlng), node: node, kind: kind, rank: rank, radius: radius || 0};
    state.names.push(name);
    state.later();
    return name;
  }

  function removeName(map, name) {
    var state = labelsOf(map);
    state.names = state.names.filter(function (n) { return n !== name; });
    L.DomUtil.remove(name.node);
    state.later();
  }

  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  var ORDER = {town: 0, country: 1, region: 2};
  mapapp.placeNames = function (map) {
    var state = labelsOf(map);
    var size = map.getSize(), container = map.getContainer(), origin = container.getBoundingClientRect();
    var blocked = []; // boxes in container pixels that no name may cover
    state.markers.forEach(function (m) {
      if (!map.hasLayer(m.layer)) return;
      var p = map.latLngToContainerPoint(m.layer.getLatLng()), r = m.radius + 1;
      blocked.push({x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r, own: m.layer});
    });
    Array.prototype.forEach.call(container.querySelectorAll(".leaflet-control"), function (box) {
      if (L.DomUtil.hasClass(box, "leaflet-control-attribution")) return;
      var r = box.getBoundingClientRect();
      if (r.width && r.height) blocked.push({x: r.left - origin.left - 4, y: r.top - origin.top - 4,
                                             w: r.width + 8, h: r.height + 8});
    });
    var far = map.getZoom() < 5.5;
    var names = state.names.slice().sort(function (a, b) {
      return ORDER[a.kind] - ORDER[b.kind] || a.rank - b.rank;
    });
    var placed = [];
    names.forEach(function (name) {
      var node = name.node;
      node.style.display = "block";
      var w = node.offsetWidth, h = node.offsetHeight;
      var p = map.latLngToContainerPoint(name.latlng), r = name.radius + 3;
      var candidates = name.kind === "town"
        ? [[p.x + r, p.y - h / 2], [p.x - r - w, p.y - h / 2], [p.x - w / 2, p.y - r - h], [p.x - w / 2, p.y + r],
           [p.x + r * 0.7, p.y - r * 0.7 - h], [p.x + r * 0.7, p.y + r * 0.7], [p.x - r * 0.7 - w, p.y - r * 0.7 - h],
           [p.x - r * 0.7 - w, p.y + r * 0.7]]
        : [[p.x - w / 2, p.y - h / 2], [p.x - w / 2, p.y - h * 1.6], [p.x - w / 2, p.y + h * 0.6]];
      var spot = null;
      if (!(name.kind === "region" && far)) {
        for (var i = 0; i < candidates.length && !spot; i++) {
          var box = {x: candidates[i][0], y: candidates[i][1], w: w, h: h};
          if (box.x < 0 || box.y < 0 || box.x + w > size.x || box.y + h > size.y) continue;
          var free = placed.every(function (other) { return !overlaps(box, other); }) &&
            blocked.every(function (other) { return !overlaps(box, other); });
          if (free) spot = box;
        }
      }
      if (!spot) {
        node.style.display = "none";
        node.removeAttribute("data-placed");
        return;
      }
      placed.push(spot);
      L.DomUtil.setPosition(node, map.containerPointToLayerPoint([spot.x, spot.y]).round());
      node.setAttribute("data-placed", "true");
    });
    container.setAttribute("data-names-placed", String(placed.length));
  };

  /* ---------- the basemap ---------- */

  /* Country outlines (the map's own countries in front), regions and their names from embedded GeoJSON;
     OpenStreetMap only when asked. */
  mapapp.addBasemap = function (map, base) {
    // Outlines above the tiles (200) and below the markers (overlayPane, 400).
    map.createPane("mapapp-basemap").style.zIndex = 250;
    labelsOf(map);
    var neighbours = L.geoJSON(base.neighbours, {interactive: false, pane: "mapapp-basemap", style: LAND});
    var countries = L.geoJSON(base.countries, {interactive: false, pane: "mapapp-basemap", style: FOCUS});
    var outlines = L.layerGroup([neighbours, countries]).addTo(map);
    map.attributionControl.addAttribution(base.credit);
    var regions = L.geoJSON(base.regions, {interactive: false, pane: "mapapp-basemap", style: REGION}).addTo(map);
    var names = [];
    var labels = L.layerGroup();
    labels.onAdd = function () {
      base.labels.forEach(function (label, i) {
        names.push(addName(map, [label[0], label[1]], label[2], label[3], i));
      });
    };
    labels.onRemove = function () {
      names.forEach(function (name) { removeName(map, name); });
      names = [];
    };
    mapapp.whenStyled(function () { labels.addTo(map); });
    var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                            {maxZoom: 19, attribution: base.tilesCredit});
    var overlays = {};
    overlays[base.names[0]] = outlines;
    overlays[base.names[1]] = regions;
    overlays[base.names[2]] = labels;
    overlays[base.names[3]] = tiles;
    L.control.layers(null, overlays, {position: "topleft", collapsed: true}).addTo(map);
    // Opaque land would hide the tiles: draw outlines only while they are on.
    map.on("overlayadd overlayremove", function (e) {
      if (e.layer !== tiles) return;
      var online = e.type === "overlayadd";
      [[countries, FOCUS], [neighbours, LAND]].forEach(function (pair) {
        pair[0].setStyle(online ? {color: pair[1].color, weight: pair[1].weight, fillOpacity: 0} : pair[1]);
      });
    });
    return {countries: countries, regions: regions, labels: labels, tiles: tiles};
  };

  /* ---------- towns ---------- */

  function popupHtml(p, note) {
    var events = p.events, shown = events.slice(-SHOWN_EVENTS).reverse();
    var first = events[0][0], last = events[events.length - 1][0];
    var html = '<div class="mapapp-popup"><h3>' + p.town + "</h3><p>" + p.tooltip.replace(/^<b>.*?<\/b>: /, "") +
      (first === last ? " · " + first : " · " + first + " – " + last) + "</p>";
    html += '<p class="mapapp-types">' + p.types.map(function (t) { return t[1] + " " + t[0].toLowerCase(); })
      .join(" · ") + "</p>";
    function item(e) {
      var who = e[2] ? " · " + e[2] : "";
      return '<li><span class="mapapp-when">' + e[0] + '</span> <span class="mapapp-type">' + e[1] + who +
        "</span><br>" + e[3] + "</li>";
    }
    html += '<ol class="mapapp-latest" reversed>' + shown.map(item).join("") + "</ol>";
    if (events.length > shown.length) {
      html += '<button type="button" class="mapapp-all">Show all ' + events.length + "</button>" +
        '<ol class="mapapp-every" hidden>' + events.map(item).join("") + "</ol>";
      if (note) html += '<p class="mapapp-popup-note">' + note + "</p>";
    }
    if (p.inferred) html += '<p class="mapapp-popup-note">' + mapapp.inferredNote + "</p>";
    return html + "</div>";
  }
  mapapp.inferredNote = "\u2248 the sentence gives no date of its own: it is dated by the text before it or by " +
    "its heading.";
  mapapp.popupNote = ""; // the app sets "All N are in the table under the map."

  /* The onEachFeature of a town layer: tooltip, compact popup, accessible name, a ring per later phase and
     the town's name (placed by placeNames). Properties come from mapapp.towns.town_features or story(). */
  mapapp.bindTown = function (feature, layer) {
    var p = feature.properties, radius = (p.style && p.style.radius) || 7, map = null, name = null, rings = [];
    if (p.ghost) { // a town of earlier events, kept faded while Play moves on: no name, no popup, no focus
      layer.setStyle({fillColor: "#9a9a9a", fillOpacity: 0.35, weight: 1});
      layer.on("add", function () {
        var node = layer.getElement && layer.getElement();
        if (node) {
          L.DomUtil.removeClass(node, "leaflet-interactive");
          L.DomUtil.addClass(node, "mapapp-faded");
          node.setAttribute("aria-hidden", "true");
        }
      });
      return;
    }
    layer.bindTooltip(p.tooltip, {sticky: true, direction: "top", offset: [0, -6]});
    layer.bindPopup(function () {
      return popupHtml(p, mapapp.popupNote.replace("N", String(p.events.length)));
    }, {maxHeight: 320, maxWidth: 340, minWidth: 220, autoPanPadding: [20, 20]});
    layer.on("popupopen", function (e) {
      var button = e.popup.getElement().querySelector(".mapapp-all");
      if (button) L.DomEvent.on(button, "click", function () {
        e.popup.getElement().querySelector(".mapapp-every").hidden = false;
        e.popup.getElement().querySelector(".mapapp-latest").hidden = true;
        button.remove();
        e.popup.update();
      });
    });
    var entry = {layer: layer, radius: radius + 3 * (p.rings || []).length};
    layer.on("add", function () {
      map = layer._map;
      var state = labelsOf(map), node = layer.getElement && layer.getElement();
      if (node) {
        node.setAttribute("role", "button");
        node.setAttribute("tabindex", "0");
        node.setAttribute("aria-label", p.name || p.town);
        L.DomEvent.on(node, "keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { L.DomEvent.preventDefault(e); layer.openPopup(); }
        });
      }
      (p.rings || []).forEach(function (colour, i) {
        rings.push(L.circleMarker(layer.getLatLng(), {radius: radius + 3 * (i + 1), color: colour, weight: 2,
                                                       fill: false, interactive: false}).addTo(map));
      });
      state.markers.push(entry);
      if (p.open) setTimeout(function () { if (layer._map) layer.openPopup(); }, 60);
      if (p.label) name = addName(map, layer.getLatLng(), p.label, "town", p.rank || 0, entry.radius);
      state.later();
    });
    layer.on("remove", function () {
      if (!map) return;
      var state = labelsOf(map);
      state.markers = state.markers.filter(function (m) { return m !== entry; });
      rings.forEach(function (ring) { ring.remove(); });
      rings = [];
      if (name) { removeName(map, name); name = null; }
      state.later();
    });
  };

  /* In the app's frame: a title for screen readers, the page's language, and popups that point to the table. */
  mapapp.inApp = function (title, note) {
    document.documentElement.lang = "en";
    mapapp.popupNote = note;
    try {
      if (window.frameElement) {
        window.frameElement.setAttribute("title", title);
        window.frameElement.setAttribute("aria-label", title);
      }
    } catch (err) { /* a frame of another origin: its title stays Streamlit's */ }
  };

  /* Run `then` once the page's linked stylesheets are in. streamlit-folium (the app) links them just before
     the map's script runs, so sizes measured at once (a label's, a box's) would be taken without them.
     Exported pages inline their styles: `then` runs at once. */
  mapapp.whenStyled = function (then) {
    var pending = Array.prototype.filter.call(document.querySelectorAll('link[rel="stylesheet"]'),
                                              function (link) { return !link.sheet; });
    var left = pending.length, done = false;
    function finish() {
      if (!done) { done = true; then(); }
    }
    if (!left) return finish();
    pending.forEach(function (link) {
      function one() { if (--left === 0) finish(); }
      link.addEventListener("load", one);
      link.addEventListener("error", one);
    });
    setTimeout(finish, 3000); // a link that failed before we looked never reports: do not wait forever
  };

  /* Fit the view to bounds, keeping markers clear of the boxes at the map's edges. Deferred so that every
     box of the page has been added, styled (folded on a narrow screen), and can be measured. */
  mapapp.fit = function (map, bounds, maxZoom) {
    function place() {
      var container = map.getContainer();
      var pad = {top: 24, bottom: 24, left: 20, right: 20};
      ["top", "bottom"].forEach(function (v) {
        ["left", "right"].forEach(function (h) {
          var corner = container.querySelector(".leaflet-" + v + ".leaflet-" + h);
          Array.prototype.forEach.call(corner ? corner.children : [], function (control) {
            // The credits line runs along the bottom edge: it hides no marker worth moving for.
            if (L.DomUtil.hasClass(control, "leaflet-control-attribution")) return;
            pad[h] = Math.max(pad[h], control.offsetWidth + 30);
          });
        });
      });
      var size = map.getSize();
      if (size.x - pad.left - pad.right < 160) { // a narrow screen: keep the side boxes' room on one side
        var keep = Math.min(Math.max(pad.left, pad.right), size.x - 200);
        pad.left = pad.left > pad.right ? Math.max(keep, 20) : 20;
        pad.right = pad.left > 20 ? 20 : Math.max(keep, 20);
      }
      // No animation: the view is right at once, and markers do not move under a pointer about to click.
      map.fitBounds(bounds, {paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom],
                             maxZoom: maxZoom, animate: false});
      container.setAttribute("data-fitted", "true"); // for tests and scripts that wait for the final view
      labelsOf(map).later();
    }
    setTimeout(function () { mapapp.whenStyled(place); }, 0);
  };

  /* A fixed box (title, legend, page links) as a Leaflet control. A <details> inside it folds on a narrow
     screen: a small button that opens it, never a box over the markers. */
  mapapp.addBox = function (map, position, className, html) {
    var box = L.control({position: position});
    box.onAdd = function () {
      var div = el("div", "mapapp-box " + className);
      div.innerHTML = html;
      var details = div.querySelector("details[data-fold]");
      if (details && narrow(map)) details.open = false;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      if (details) L.DomEvent.on(details, "toggle", function () { labelsOf(map).later(); });
      return div;
    };
    return box.addTo(map);
  };

  /* ---------- the story of an exported page ---------- */

  function day(iso) { // "2013", "2013-01", "2013-01-11" -> the first day, as a number of days
    var parts = iso.split("-");
    return Date.UTC(+parts[0], parts[1] ? parts[1] - 1 : 0, parts[2] ? +parts[2] : 1) / 864e5;
  }
  function lastDay(iso) {
    var parts = iso.split("-");
    if (parts[2]) return day(iso);
    if (parts[1]) return Date.UTC(+parts[0], +parts[1], 1) / 864e5 - 1;
    return Date.UTC(+parts[0] + 1, 0, 1) / 864e5 - 1;
  }
  function isoDay(n) { return new Date(n * 864e5).toISOString().slice(0, 10); }
  function radiusOf(count) { return Math.round(Math.min(26, 4 + 3 * Math.sqrt(count)) * 10) / 10; }
  function plural(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  /* The story control: the data of every event of the article once (data.events: [town, start, end-or-"",
     inferred (0/1), type index, when, actors, short text, section index, phase index or -1]; data.towns:
     [name, lat, lon, in the main view (0/1)]; see mapapp.story.story_data), and the page's view. It draws the towns of the chosen phase and date span, coloured as
     chosen, lists the events in date order (a click flies to the town and opens it), steps through them
     (Previous/Next event), and plays the span week by week or month by month, earlier events faded. */
  mapapp.addStory = function (map, data) {
    var events = data.events.map(function (e, i) {
      return {i: i, town: e[0], start: day(e[1]), end: e[2] ? lastDay(e[2]) : lastDay(e[1]), iso: e[1],
              inferred: e[3], type: e[4], when: e[5], actors: e[6], text: e[7], section: e[8], phase: e[9]};
    });
    var views = [{key: "", label: "All phases", title: "All phases", start: null, end: null}].concat(
      data.phases.map(function (p, i) {
        return {key: p[0], label: (i + 1) + ". " + p[1], title: p[1], start: day(p[2]), end: lastDay(p[3]),
                dates: p[2] + " \u2013 " + p[3], index: i};
      }));
    var allStart = events.length ? Math.min.apply(null, events.map(function (e) { return e.start; })) : 0;
    var allEnd = events.length ? Math.max.apply(null, events.map(function (e) { return e.start; })) : 0;
    views[0].start = allStart;
    views[0].end = allEnd;
    views[0].dates = events.length ? isoDay(allStart) + " \u2013 " + isoDay(allEnd) : "no dated events";
    var st = {view: 0, from: 0, to: 0, colour: data.colour, fade: true, current: -1, step: data.step,
              playing: null};
    var layer = null, markers = {}, list = [];

    var control = L.control({position: "topleft"});
    var ui = {};
    control.onAdd = function () {
      var box = el("div", "mapapp-box mapapp-story");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Story");
      var details = el("details", "", box);
      details.open = !narrow(map);
      el("summary", "", details, "Story: phases, dates, events");
      var row = el("div", "mapapp-switch-row", details);
      var label = el("label", "", row, "Phase");
      ui.select = el("select", "", row);
      ui.select.id = data.id + "_phase";
      label.htmlFor = ui.select.id;
      views.forEach(function (v, i) {
        var option = el("option", "", ui.select);
        option.value = String(i);
        option.innerHTML = v.label;
      });
      var buttons = el("div", "mapapp-switch-row", details);
      ui.prev = el("button", "mapapp-prev", buttons, "\u2039 Previous");
      ui.next = el("button", "mapapp-next", buttons, "Next \u203a");
      ui.prev.setAttribute("aria-label", "Previous phase");
      ui.next.setAttribute("aria-label", "Next phase");
      ui.heading = el("h2", "mapapp-story-heading", details);
      ui.dates = el("p", "mapapp-story-dates", details);
      var span = el("fieldset", "mapapp-span", details);
      el("legend", "", span, "Dates shown");
      ["from", "to"].forEach(function (which) {
        var r = el("div", "mapapp-switch-row", span);
        var l = el("label", "", r, which === "from" ? "From" : "To");
        ui[which] = el("input", "", r);
        ui[which].type = "range";
        ui[which].id = data.id + "_" + which;
        l.htmlFor = ui[which].id;
        ui[which + "Text"] = el("output", "", r);
      });
      var play = el("div", "mapapp-switch-row", span);
      ui.play = el("button", "mapapp-play", play, "\u25b6 Play");
      ui.unit = el("select", "", play);
      ui.unit.setAttribute("aria-label", "Play by");
      [["7", "week by week"], ["30", "month by month"]].forEach(function (u) {
        var o = el("option", "", ui.unit, u[1]);
        o.value = u[0];
      });
      ui.unit.value = "30";
      var fadeLabel = el("label", "mapapp-fade", span);
      ui.fade = el("input", "", fadeLabel);
      ui.fade.type = "checkbox";
      ui.fade.checked = true;
      fadeLabel.appendChild(document.createTextNode(" keep earlier events, faded"));
      var colours = el("div", "mapapp-switch-row", details);
      var cl = el("label", "", colours, "Colour by");
      ui.colour = el("select", "", colours);
      ui.colour.id = data.id + "_colour";
      cl.htmlFor = ui.colour.id;
      data.colourings.forEach(function (c) {
        var o = el("option", "", ui.colour, c.title);
        o.value = c.key;
      });
      var steps = el("div", "mapapp-switch-row", details);
      ui.prevEvent = el("button", "", steps, "\u2039 Previous event");
      ui.nextEvent = el("button", "", steps, "Next event \u203a");
      ui.count = el("p", "mapapp-story-count", details);
      ui.list = el("ol", "mapapp-story-list", details);
      ui.list.setAttribute("aria-label", "Events in date order");
      [ui.prev, ui.next, ui.play, ui.prevEvent, ui.nextEvent].forEach(function (b) { b.type = "button"; });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(box, "keydown", L.DomEvent.stopPropagation); // arrows in a control must not pan the map
      L.DomEvent.on(details, "toggle", function () { labelsOf(map).later(); });
      return box;
    };
    control.addTo(map);

    function colouring() {
      return data.colourings.filter(function (c) { return c.key === st.colour; })[0] || data.colourings[0];
    }
    function categoryOf(c, town, evs) {
      if (c.key === "type") {
        var counts = {}, best = null;
        evs.forEach(function (e, i) { counts[e.type] = (counts[e.type] || 0) + 1 + i / 1e6; });
        var keys = Object.keys(counts);
        if (keys.length > 1) delete counts[data.other];
        Object.keys(counts).forEach(function (k) { if (best === null || counts[k] > counts[best]) best = k; });
        return data.types[best];
      }
      if (c.key === "control") return (data.holders[town] || [])[st.view] || "unknown";
      var phases = evs.map(function (e) { return e.phase; }).filter(function (p) { return p >= 0; });
      return phases.length ? views[Math.min.apply(null, phases) + 1].key : "";
    }
    function colourOf(c, key) {
      for (var i = 0; i < c.categories.length; i++) if (c.categories[i][0] === key) return c.categories[i][2];
      return "#737373";
    }

    function inView(e) {
      var v = views[st.view];
      if (st.view > 0 && e.phase !== v.index) return false;
      if (st.step !== null && e.section !== st.step) return false;
      return e.start >= st.from && e.start <= st.to;
    }
    function faded(e) {
      var v = views[st.view];
      return st.fade && st.from > v.start && e.start < st.from && e.start >= v.start &&
        (st.view === 0 || e.phase === v.index) && (st.step === null || e.section === st.step);
    }

    function draw() {
      var c = colouring(), shown = events.filter(inView), ghosts = events.filter(faded);
      var byTown = {};
      shown.forEach(function (e) { (byTown[e.town] = byTown[e.town] || []).push(e); });
      var towns = Object.keys(byTown).map(Number).sort(function (a, b) {
        return byTown[b].length - byTown[a].length || (data.towns[a][0] < data.towns[b][0] ? -1 : 1);
      });
      var features = towns.map(function (t, rank) {
        var evs = byTown[t].slice().sort(function (a, b) { return a.start - b.start || a.i - b.i; });
        var category = categoryOf(c, t, evs), rings = [];
        if (c.key === "phase") {
          var seen = [];
          evs.forEach(function (e) { if (e.phase >= 0 && seen.indexOf(e.phase) < 0) seen.push(e.phase); });
          seen.sort(function (a, b) { return a - b; }).slice(1).forEach(function (p) {
            rings.push(colourOf(c, views[p + 1].key));
          });
        }
        var types = {};
        evs.forEach(function (e) { types[data.typeLabels[e.type]] = (types[data.typeLabels[e.type]] || 0) + 1; });
        var first = evs[0].iso, last = evs[evs.length - 1].iso, name = data.towns[t][0];
        return {type: "Feature", geometry: {type: "Point", coordinates: [data.towns[t][2], data.towns[t][1]]},
                properties: {town: name, count: evs.length, category: category, rank: rank,
                             tooltip: "<b>" + name + "</b>: " + plural(evs.length, "event"),
                             name: name + ": " + plural(evs.length, "event") + ", " +
                               (first === last ? first : first + " \u2013 " + last),
                             types: Object.keys(types).map(function (k) { return [k, types[k]]; })
                               .sort(function (a, b) { return b[1] - a[1]; }),
                             inferred: evs.some(function (e) { return e.inferred; }),
                             events: evs.map(function (e) {
                               return [e.when, data.typeLabels[e.type], e.actors, e.text, data.sections[e.section]];
                             }),
                             label: rank < 40 ? name : "", ids: evs.map(function (e) { return e.i; }),
                             style: {radius: radiusOf(evs.length), fillColor: colourOf(c, category)},
                             rings: rings}};
      });
      if (layer) map.removeLayer(layer);
      markers = {};
      layer = L.layerGroup().addTo(map);
      if (ghosts.length) {
        var ghostTowns = {};
        ghosts.forEach(function (e) { ghostTowns[e.town] = (ghostTowns[e.town] || 0) + 1; });
        Object.keys(ghostTowns).forEach(function (t) {
          if (byTown[t]) return;
          L.circleMarker([data.towns[t][1], data.towns[t][2]], {
            radius: radiusOf(ghostTowns[t]), color: "#ffffff", weight: 1, fillColor: "#9a9a9a", fillOpacity: 0.35,
            interactive: false, className: "mapapp-faded"}).addTo(layer);
        });
      }
      L.geoJSON({type: "FeatureCollection", features: features}, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {radius: f.properties.style.radius, color: "#ffffff", weight: 1.5,
                                         fillColor: f.properties.style.fillColor, fillOpacity: 0.85});
        },
        onEachFeature: function (f, l) {
          mapapp.bindTown(f, l);
          markers[f.properties.town] = l;
        }
      }).addTo(layer);
      list = shown.slice().sort(function (a, b) { return a.start - b.start || a.i - b.i; });
      renderList();
      var box = map.getContainer().querySelector(".mapapp-legend");
      if (box && box.getAttribute("data-colour") !== c.key) {
        var before = box.querySelector("details"), closed = narrow(map) || (before && !before.open);
        box.innerHTML = c.legend;
        box.setAttribute("data-colour", c.key);
        var after = box.querySelector("details");
        if (after && closed) after.open = false; // folded stays folded
        if (after) L.DomEvent.on(after, "toggle", function () { labelsOf(map).later(); });
      }
      var subtitle = map.getContainer().querySelector(".mapapp-subtitle");
      if (subtitle) {
        var v = views[st.view];
        subtitle.innerHTML = (st.view ? "Phase " + st.view + " of " + (views.length - 1) + ": " + v.label
          .replace(/^\d+\. /, "") : "All phases") + " \u00b7 " + v.dates + "<br>" + plural(shown.length, "event") +
          " in " + plural(towns.length, "town") + (data.far.length ? '<br><span class="mapapp-far">Not on this ' +
          "view: " + data.far.join(", ") + "</span>" : "");
      }
      map.getContainer().setAttribute("data-towns", String(towns.length));
    }

    function renderList() {
      ui.list.innerHTML = "";
      list.forEach(function (e, n) {
        var li = el("li", "", ui.list);
        var b = el("button", "", li);
        b.type = "button";
        b.innerHTML = '<span class="mapapp-when">' + e.when + "</span> <b>" + data.towns[e.town][0] + "</b> \u00b7 " +
          data.typeLabels[e.type] + "<br>" + e.text.split(" ").slice(0, 12).join(" ") +
          (e.text.split(" ").length > 12 ? "\u2026" : "");
        if (n === st.current) b.setAttribute("aria-current", "step");
        L.DomEvent.on(b, "click", function () { go(n); });
      });
      ui.count.textContent = plural(list.length, "event") + " in date order" +
        (st.current >= 0 ? " \u00b7 " + (st.current + 1) + " of " + list.length : "");
      ui.prevEvent.disabled = st.current <= 0;
      ui.nextEvent.disabled = st.current >= list.length - 1;
    }

    function go(n) { // fly to the n-th event's town and open it there
      if (n < 0 || n >= list.length) return;
      st.current = n;
      var e = list[n], marker = markers[data.towns[e.town][0]];
      var focused = ui.list.contains(document.activeElement);
      renderList();
      var item = ui.list.children[n];
      if (item && item.scrollIntoView) item.scrollIntoView({block: "nearest"});
      if (item && focused) item.firstChild.focus(); // keyboard users stay on the line they chose
      if (!marker) return;
      // After the click that asked for it has finished: the line it came from is gone (the list was drawn
      // again), and Leaflet would take the end of that click for a click on the map, which closes popups.
      setTimeout(function () {
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), Math.min(7, data.maxZoom)), {animate: false});
        marker.openPopup();
        map.getContainer().setAttribute("data-event", String(e.i));
      }, 0);
    }

    function setSpan(from, to) {
      var v = views[st.view];
      st.from = Math.max(v.start, Math.min(from, v.end));
      st.to = Math.min(v.end, Math.max(to, st.from));
      ui.from.value = String(st.from);
      ui.to.value = String(st.to);
      ui.fromText.textContent = isoDay(st.from);
      ui.toText.textContent = isoDay(st.to);
    }

    function show(i, fit, keepSpan) {
      st.view = i;
      st.current = -1;
      var v = views[i];
      ui.select.value = String(i);
      ui.prev.disabled = i === 0;
      ui.next.disabled = i === views.length - 1;
      ui.heading.innerHTML = st.view ? v.label : "All phases";
      ui.dates.textContent = v.dates;
      [ui.from, ui.to].forEach(function (input) {
        input.min = String(v.start);
        input.max = String(v.end);
      });
      if (!keepSpan) setSpan(v.start, v.end);
      draw();
      map.getContainer().setAttribute("data-view", v.key);
      if (fit) {
        var shown = events.filter(function (e) { return inView(e) && data.towns[e.town][3]; })
          .map(function (e) { return [data.towns[e.town][1], data.towns[e.town][2]]; });
        mapapp.fit(map, shown.length ? L.latLngBounds(shown).pad(0.02) : data.bounds, data.maxZoom);
      }
      saveHash();
    }

    function saveHash() {
      try { // a sandboxed frame may refuse; the story works without it
        var v = views[st.view], parts = [];
        if (st.view) parts.push(encodeURIComponent(v.key));
        if (st.from > v.start || st.to < v.end) parts.push("from=" + isoDay(st.from), "to=" + isoDay(st.to));
        if (st.colour !== data.colour) parts.push("colour=" + st.colour);
        history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
      } catch (err) { /* keep the view, lose the shareable #hash */ }
    }

    function stopPlay() {
      if (st.playing) clearInterval(st.playing);
      st.playing = null;
      ui.play.textContent = "\u25b6 Play";
    }
    function togglePlay() {
      if (st.playing) return stopPlay();
      var v = views[st.view], unit = Number(ui.unit.value);
      var from = st.to >= v.end ? v.start : st.to + 1;
      setSpan(from, from + unit - 1);
      draw();
      ui.play.textContent = "\u23f8 Pause";
      st.playing = setInterval(function () {
        if (st.to >= views[st.view].end) return stopPlay();
        setSpan(st.to + 1, st.to + unit);
        draw();
        saveHash();
      }, 1500);
    }

    L.DomEvent.on(ui.select, "change", function () { stopPlay(); show(Number(ui.select.value), true); });
    L.DomEvent.on(ui.prev, "click", function () { stopPlay(); show(Math.max(0, st.view - 1), true); });
    L.DomEvent.on(ui.next, "click", function () { stopPlay(); show(Math.min(views.length - 1, st.view + 1), true); });
    L.DomEvent.on(ui.from, "input", function () { setSpan(Number(ui.from.value), st.to); draw(); saveHash(); });
    L.DomEvent.on(ui.to, "input", function () { setSpan(st.from, Number(ui.to.value)); draw(); saveHash(); });
    L.DomEvent.on(ui.colour, "change", function () { st.colour = ui.colour.value; draw(); saveHash(); });
    L.DomEvent.on(ui.fade, "change", function () { st.fade = ui.fade.checked; draw(); });
    L.DomEvent.on(ui.play, "click", togglePlay);
    L.DomEvent.on(ui.prevEvent, "click", function () { go(Math.max(0, st.current - 1)); });
    L.DomEvent.on(ui.nextEvent, "click", function () { go(st.current + 1); });
    L.DomEvent.on(ui.list, "keydown", function (e) { // arrows move between the events' lines
      var items = Array.prototype.slice.call(ui.list.querySelectorAll("button"));
      var at = items.indexOf(document.activeElement);
      if (at < 0 || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return;
      L.DomEvent.preventDefault(e);
      var to = items[Math.max(0, Math.min(items.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))];
      to.focus();
    });

    // The URL's #hash reopens a view: "#phase-key&from=2013-01-01&to=2013-02-01&colour=type".
    var start = data.view, from = null, to = null;
    location.hash.slice(1).split("&").forEach(function (part) {
      var kv = part.split("="), value = decodeURIComponent(kv[1] || "");
      if (kv.length === 1 && part) {
        views.forEach(function (v, i) { if (v.key && v.key === decodeURIComponent(part)) start = i; });
      } else if (kv[0] === "from" && /^\d{4}-\d\d-\d\d$/.test(value)) from = day(value);
      else if (kv[0] === "to" && /^\d{4}-\d\d-\d\d$/.test(value)) to = day(value);
      else if (kv[0] === "colour" && data.colourings.some(function (c) { return c.key === value; })) st.colour = value;
    });
    ui.colour.value = st.colour;
    show(start, false);
    if (from !== null || to !== null) {
      setSpan(from === null ? views[start].start : from, to === null ? views[start].end : to);
      draw();
    }
    mapapp.fit(map, data.viewBounds[start] || data.bounds, data.maxZoom);
    return control;
  };
})();
