/* mapapp's names on the map, placed without overlap: each map keeps its names (towns, countries, regions)
   and its markers, and a view refitted when a new phase's towns are hidden. Loaded before mapapp.js, which
   draws the basemap, the towns and the boxes with the helpers this file leaves in mapapp.util. */
(function () {
  "use strict";
  var mapapp = (window.mapapp = window.mapapp || {});
  var NARROW = 500; // px: below this map width the boxes fold to small buttons
  var MIN_SPAN = 1.5; // degrees: a refitted view is at least this wide and high, a town and the land around
                      // it (mapapp.basemap.MIN_SPAN): a battle within 40 km is not shown in half its country
  var OFF_VIEW_NAMED = 4; // towns named in "Not on this view: …"; more are counted
  var REFIT_ZOOM = 1.5; // a new view is refitted when fitting would zoom in by this many steps or more

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
        // The same towns as at the last check (only their colours changed, or a span that keeps them): the
        // view is the user's, kept as it is.
        var towns = state.markers.map(function (m) { return m.layer.getLatLng().toString(); }).sort().join(";");
        // For tests and scripts: how many views were checked, and how many towns the last one hid.
        container.setAttribute("data-view-checks", String(Number(container.getAttribute("data-view-checks") || 0) + 1));
        if (towns === state.checkedTowns) return;
        state.checkedTowns = towns;
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

  function addName(map, latlng, html, kind, rank, radius, shape) {
    var state = labelsOf(map);
    var node = el("div", "mapapp-name mapapp-name-" + kind, map.getPane("mapapp-names"));
    node.innerHTML = html;
    node.setAttribute("aria-hidden", "true"); // the marker's own name says it to screen readers
    node.setAttribute("data-at", String(L.latLng(latlng).lat) + "," + String(L.latLng(latlng).lng));
    var name = {latlng: L.latLng(latlng), node: node, kind: kind, rank: rank, radius: radius || 0,
                shape: shape || null};
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

  /* Points of the view (a grid, in container pixels) inside a country's outline, nearest its own label point
     first; none when that point is in the view (its name is tried there) or the outline misses the view. */
  function insideView(map, name) {
    var view = map.getBounds(), size = map.getSize(), points = [], GRID = 7;
    if (view.contains(name.latlng)) return points;
    var geometry = name.shape, polygons = geometry.type === "MultiPolygon" ? geometry.coordinates
      : [geometry.coordinates];
    var rings = polygons.map(function (polygon) { return polygon[0]; }).filter(function (ring) {
      var b = L.latLngBounds(ring.map(function (pt) { return [pt[1], pt[0]]; }));
      return b.intersects(view);
    });
    if (!rings.length) return points;
    var target = map.latLngToContainerPoint(name.latlng);
    for (var i = 1; i < GRID; i++) {
      for (var j = 1; j < GRID; j++) {
        var q = L.point(size.x * i / GRID, size.y * j / GRID), at = map.containerPointToLatLng(q);
        if (rings.some(function (ring) { return inRing(ring, at.lng, at.lat); })) points.push(q);
      }
    }
    return points.sort(function (a, b) { return a.distanceTo(target) - b.distanceTo(target); });
  }
  function inRing(ring, x, y) { // even-odd rule on a GeoJSON ring of [lon, lat]
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
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
      function tryAll(candidates) {
        for (var i = 0; i < candidates.length && !spot; i++) {
          var box = {x: candidates[i][0], y: candidates[i][1], w: w, h: h};
          if (box.x < 0 || box.y < 0 || box.x + w > size.x || box.y + h > size.y) continue;
          var free = placed.every(function (other) { return !overlaps(box, other); }) &&
            blocked.every(function (other) { return !overlaps(box, other); });
          if (free) spot = box;
        }
      }
      if (!(name.kind === "region" && (far || towns[nameKey(node.textContent.split("(")[0])]))) {
        tryAll(candidates);
        // A country whose middle is off the view (a map of one town, zoomed in): named at the nearest point
        // of the view inside its outline, so that every map says which country it shows.
        if (!spot && name.shape) insideView(map, name).forEach(function (q) {
          if (!spot) tryAll([[q.x - w / 2, q.y - h / 2], [q.x - w / 2, q.y - h * 1.6], [q.x - w / 2, q.y + h * 0.6]]);
        });
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
    showOffView(map, state);
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

  /* "Not on this view: Baku, Tehran" in the page's .mapapp-far line (exported pages): the towns drawn whose
     markers lie outside the map as it is now, busiest first; the line is hidden when every town is in sight. */
  function showOffView(map, state) {
    var line = map.getContainer().querySelector(".mapapp-far");
    if (!line) return;
    var view = map.getBounds(), off = state.markers.filter(function (m) {
      return map.hasLayer(m.layer) && !view.contains(m.layer.getLatLng());
    }).map(function (m) { return m.layer.feature ? m.layer.feature.properties : {}; })
      .sort(function (a, b) { return (b.count || 0) - (a.count || 0) || (a.rank || 0) - (b.rank || 0); });
    var names = off.slice(0, off.length > OFF_VIEW_NAMED ? OFF_VIEW_NAMED - 1 : OFF_VIEW_NAMED)
      .map(function (p) { return p.town; });
    line.hidden = !off.length;
    // Town names arrive HTML-escaped (mapapp.towns.esc, story.js): set as HTML, they show as written.
    line.innerHTML = off.length ? "<br>Not on this view: " + names.join(", ") +
      (off.length > names.length ? " and " + (off.length - names.length) + " more" : "") : "";
    map.getContainer().setAttribute("data-off-view", String(off.length));
  }

  // For mapapp.js (basemap, towns, boxes) and story.js (the story control of exported pages), loaded after.
  mapapp.util = {el: el, narrow: narrow, labelsOf: labelsOf, addName: addName, removeName: removeName,
                 viewOf: function (bounds) { return atLeast(bounds.pad(0.02), MIN_SPAN); }};
})();
