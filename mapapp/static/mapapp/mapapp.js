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
  var MIN_SPAN = 6; // degrees: a refitted view is at least this wide and high (a phase of one town shows
                    // where in its country it is)
  var REFIT_ZOOM = 1.5; // a new view is refitted when fitting would zoom in by this many steps or more
  var FOLD_SHARE = 0.15; // a legend taking more of the map's area than this starts folded
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
    var state = {names: [], markers: [], pending: false, checking: false};
    map._mapappLabels = state;
    /* Markers came or went (a new phase, a new date span, a search): when a town of the new view (but the
       far ones: one meeting in Paris) lies outside the view the user left, or under a box, fit the view to
       them again, so that a new phase never opens on an empty piece of map or behind the legend. A view
       that shows them all is the user's and is kept. A picked event's town is flown to by the app itself. */
    state.keepInView = function () {
      if (state.checking) return;
      state.checking = true;
      setTimeout(function () {
        state.checking = false;
        var container = map.getContainer();
        if (!state.markers.length || container.getAttribute("data-fitted") !== "true") return;
        if (state.markers.some(function (m) { return m.open; })) return;
        var near = state.markers.filter(function (m) { return !m.far; });
        if (!near.length) near = state.markers;
        var boxes = controlBoxes(map), size = map.getSize();
        var hidden = near.filter(function (m) {
          var p = map.latLngToContainerPoint(m.layer.getLatLng());
          if (p.x < 4 || p.y < 4 || p.x > size.x - 4 || p.y > size.y - 4) return true;
          return boxes.some(function (b) { return p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h; });
        });
        var bounds = L.latLngBounds([]);
        near.forEach(function (m) { bounds.extend(m.layer.getLatLng()); });
        bounds = atLeast(bounds.pad(0.02), MIN_SPAN);
        var maxZoom = map._mapappMaxZoom || 8;
        // A view far wider than the towns (they would fill a corner of it) is refitted too: zoomed out by
        // the user it is kept only while the towns would gain less than REFIT_ZOOM steps.
        var gain = Math.min(map.getBoundsZoom(bounds, false, L.point(80, 80)), maxZoom) - map.getZoom();
        // For tests and scripts: how many views were checked, and how many towns the last one hid.
        container.setAttribute("data-view-checks", String(Number(container.getAttribute("data-view-checks") || 0) + 1));
        container.setAttribute("data-hidden-towns", String(hidden.length));
        if (!hidden.length && gain < REFIT_ZOOM) return;
        mapapp.fit(map, bounds, maxZoom);
      }, 0);
    };
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

  /* The boxes on the map (zoom, layers, title, legend, pages, story) in container pixels, 4 px margin; the
     credits line runs along the bottom edge and hides nothing worth moving for. */
  function controlBoxes(map) {
    var container = map.getContainer(), origin = container.getBoundingClientRect(), boxes = [];
    Array.prototype.forEach.call(container.querySelectorAll(".leaflet-control"), function (box) {
      if (L.DomUtil.hasClass(box, "leaflet-control-attribution")) return;
      var r = box.getBoundingClientRect();
      if (r.width && r.height) boxes.push({x: r.left - origin.left - 4, y: r.top - origin.top - 4,
                                           w: r.width + 8, h: r.height + 8});
    });
    return boxes;
  }

  /* Bounds grown to at least `span` degrees each way about their centre: a view of one town or two still
     shows the region around them, and the names of its neighbours. */
  function atLeast(bounds, span) {
    var c = bounds.getCenter(), h = Math.max(bounds.getNorth() - bounds.getSouth(), span) / 2;
    var w = Math.max(bounds.getEast() - bounds.getWest(), span) / 2;
    return L.latLngBounds([c.lat - h, c.lng - w], [c.lat + h, c.lng + w]);
  }

  /* A name reduced for comparison: lower case, no accents, letters only, no doubled letter ("Odessa" and
     "Odesa" are one). */
  function nameKey(text) {
    return text.normalize("NFD").toLowerCase().replace(/[^a-z]/g, "").replace(/(.)\1+/g, "$1");
  }

  var ORDER = {town: 0, country: 1, region: 2};
  mapapp.placeNames = function (map) {
    var state = labelsOf(map);
    var size = map.getSize(), container = map.getContainer();
    var blocked = []; // boxes in container pixels that no name may cover
    state.markers.forEach(function (m) {
      if (!map.hasLayer(m.layer)) return;
      var p = map.latLngToContainerPoint(m.layer.getLatLng()), r = m.radius + 1;
      blocked.push({x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r, own: m.layer});
    });
    controlBoxes(map).forEach(function (box) { blocked.push(box); });
    var far = map.getZoom() < 5.5;
    // A region named like a town on the map ("Odessa" beside the town "Odesa", "Homs (Hims)" beside
    // "Homs") goes unnamed: the town's own label says it, in the article's spelling.
    var towns = {};
    state.names.forEach(function (n) { if (n.kind === "town") towns[nameKey(n.node.textContent)] = true; });
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
      if (!(name.kind === "region" && (far || towns[nameKey(node.textContent.split("(")[0])]))) {
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
    showUsedCategories(map, state);
    // For tests and scripts: the names were last placed for this many markers at this zoom.
    container.setAttribute("data-names-for", state.markers.filter(function (m) { return map.hasLayer(m.layer); })
      .length + "@" + map.getZoom());
  };

  /* The legend lists the categories of the towns on the map (a phase's colour, not all eight), every one
     when no town is drawn. */
  function showUsedCategories(map, state) {
    var used = {}, any = false;
    state.markers.forEach(function (m) {
      if (!map.hasLayer(m.layer)) return;
      any = true;
      m.colours.forEach(function (c) { used[String(c).toLowerCase()] = true; });
    });
    Array.prototype.forEach.call(map.getContainer().querySelectorAll(".mapapp-legend li[data-colour]"), function (li) {
      li.hidden = any && !used[li.getAttribute("data-colour").toLowerCase()];
    });
  }

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
    if (typeof p.picked === "number" && events[p.picked]) { // a story line picked this event: it comes first
      html += '<div class="mapapp-picked"><p class="mapapp-picked-head">This event</p><ol><li>' +
        item(events[p.picked]).replace(/^<li>|<\/li>$/g, "") + "</li></ol></div>";
      // One latest beside it, not three: a short popup needs little auto-pan, so the town stays near the
      // middle of the view the app flew to.
      shown = shown.filter(function (e) { return e !== events[p.picked]; }).slice(0, 1);
      if (shown.length) html += '<p class="mapapp-picked-head">Latest here</p>';
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

  /* Boxes sit above the map's panes: fold the legend (or the pages) when it would hide an open popup, open
     it again
     when the popup closes. */
  function foldUnder(map, popup) {
    if (!map) return;
    var rect = popup.getElement().getBoundingClientRect();
    Array.prototype.forEach.call(map.getContainer().querySelectorAll(".mapapp-legend details[open], .mapapp-pages details[open]"), function (d) {
      var r = d.getBoundingClientRect();
      if (r.left < rect.right && rect.left < r.right && r.top < rect.bottom && rect.top < r.bottom) {
        d.open = false;
        map.once("popupclose", function () { d.open = true; });
      }
    });
  }

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
    // Sized and padded as it opens (a click, a key, a picked story line): the boxes are measured then, with
    // the page's styles in.
    var openPopup = layer.openPopup;
    layer.openPopup = function () {
      if (layer._map) fitPopup(layer._map, layer.getPopup());
      return openPopup.apply(layer, arguments);
    };
    layer.on("popupopen", function (e) {
      foldUnder(layer._map, e.popup);
      var button = e.popup.getElement().querySelector(".mapapp-all");
      if (button) L.DomEvent.on(button, "click", function () {
        e.popup.getElement().querySelector(".mapapp-every").hidden = false;
        e.popup.getElement().querySelector(".mapapp-latest").hidden = true;
        button.remove();
        e.popup.update();
      });
    });
    var entry = {layer: layer, radius: radius + 3 * (p.rings || []).length, far: !!p.far, open: !!p.open,
                 colours: [(p.style && p.style.fillColor) || ""].concat(p.rings || [])};
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
      state.keepInView();
      if (p.open) setTimeout(function () {
        if (!layer._map) return;
        layer.openPopup();
        // The app flies to the town as the popup opens (st_folium sets the centre): for a moment after, each
        // move of the map pans again to keep the whole popup in view, its title and "This event" first.
        var until = Date.now() + 2000;
        var keep = function () {
          if (Date.now() > until || !layer.isPopupOpen()) return map.off("moveend", keep);
          layer.getPopup().update();
        };
        map.on("moveend", keep);
      }, 60);
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

  /* A popup clear of the boxes on the map's left (zoom, layers, the story), and never wider than the map
     beside them: auto-pan moves the map so that the popup's title is not under a button, and on a phone the
     popup wraps instead of running off the map's right edge. */
  function fitPopup(map, popup) {
    if (!popup) return;
    var size = map.getSize(), left = 0, top = 16;
    Array.prototype.forEach.call(map.getContainer().querySelectorAll(".leaflet-top.leaflet-left > .leaflet-control"),
                                 function (box) { left = Math.max(left, box.offsetLeft + box.offsetWidth); });
    left = Math.min(left + 12, size.x / 3);
    // maxWidth is the content's: the popup adds about 45 px of margins; 16 px stay free on the right.
    var widest = Math.max(150, Math.min(340, size.x - left - 70));
    popup.options.autoPanPaddingTopLeft = L.point(left, top);
    popup.options.autoPanPaddingBottomRight = L.point(16, 16);
    popup.options.maxWidth = widest;
    popup.options.minWidth = Math.min(220, widest);
  }

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
      mapapp.placeNames(map);
      container.setAttribute("data-fitted", "true"); // for tests and scripts that wait for the final view
    }
    map._mapappMaxZoom = maxZoom; // a later refit (keepInView) zooms no closer than the page's own fit
    map.getContainer().removeAttribute("data-fitted");
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
      // Open, a legend that would cover much of the map (eight phases beside a 570 px map) starts folded:
      // one click opens it; the towns under it come first.
      if (details && details.open) setTimeout(function () { mapapp.whenStyled(function () {
        var size = map.getSize();
        if (div.offsetWidth * div.offsetHeight > FOLD_SHARE * size.x * size.y || div.offsetHeight > size.y / 2) {
          details.open = false;
          labelsOf(map).later();
        }
      }); }, 0);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      if (details) L.DomEvent.on(details, "toggle", function () { labelsOf(map).later(); });
      return div;
    };
    return box.addTo(map);
  };

  // For story.js (the story control of exported pages), loaded after this file.
  mapapp.util = {el: el, narrow: narrow, labelsOf: labelsOf};
})();
