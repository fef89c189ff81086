/* mapapp's map controls: the offline basemap, town markers (accessible names, compact popups), boxes, and
   the fitted view; names are placed by names.js (loaded first), the exported pages' story control by story.js.
   Loaded before folium's scripts (inlined by mapapp.export, served at /app/static/ by the app).
   Every string that comes from a document arrives already HTML-escaped by mapapp.towns / mapapp.maps. */
(function () {
  "use strict";
  var mapapp = (window.mapapp = window.mapapp || {});
  var LAND = {color: "#a5a5a5", weight: 0.7, fillColor: "#ece8dc", fillOpacity: 1};
  var FOCUS = {color: "#555555", weight: 1.6, fillColor: "#fffdf6", fillOpacity: 1};
  var REGION = {color: "#8f8f8f", weight: 0.8, dashArray: "4 3", fill: false};
  var FOLD_SHARE = 0.15; // a legend taking more of the map's area than this starts folded
  var WIDE_SHARE = 0.4; // or more of its width
  var SHOWN_EVENTS = 3; // a popup lists the town's latest events; "Show all" opens the rest

  // Names placed without overlap (static/mapapp/names.js, loaded first).
  var util = mapapp.util, el = util.el, narrow = util.narrow, labelsOf = util.labelsOf;
  var addName = util.addName, removeName = util.removeName;

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
      // Country names come first, in the order of their outlines (mapapp.basemap.basemap_labels): each keeps
      // its outline, to be named inside the view when its middle is off it.
      var shapes = base.countries.features.concat(base.neighbours.features);
      base.labels.forEach(function (label, i) {
        var shape = label[3] === "country" && shapes[i] ? shapes[i].geometry : null;
        names.push(addName(map, [label[0], label[1]], label[2], label[3], i, 0, shape));
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
    var picked = typeof p.picked === "number" && events[p.picked] ? 1 : 0;
    if (events.length > shown.length + picked) { // a town of one event, picked, has nothing more to show
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
      if (mapapp.addStepTown) mapapp.addStepTown(map, layer, p); // the app's event stepping (steps.js)
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
      if (mapapp.removeStepTown) mapapp.removeStepTown(map, layer);
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
      Array.prototype.forEach.call(container.querySelectorAll(".mapapp-box"), function (box) {
        foldIfLarge(map, box);
      });
      var pad = {top: 24, bottom: 24, left: 20, right: 20};
      var stacked = {top: 24, bottom: 24, left: 20, right: 20}; // the boxes' room above and below instead
      var size = map.getSize(), origin = container.getBoundingClientRect();
      ["top", "bottom"].forEach(function (v) {
        ["left", "right"].forEach(function (h) {
          var corner = container.querySelector(".leaflet-" + v + ".leaflet-" + h);
          Array.prototype.forEach.call(corner ? corner.children : [], function (control) {
            // The credits line runs along the bottom edge: it hides no marker worth moving for.
            if (L.DomUtil.hasClass(control, "leaflet-control-attribution")) return;
            pad[h] = Math.max(pad[h], control.offsetWidth + 30);
            var r = control.getBoundingClientRect();
            stacked[v] = Math.max(stacked[v], v === "top" ? r.bottom - origin.top + 16
                                                          : origin.bottom - r.top + 16);
          });
        });
      });
      if (size.x - pad.left - pad.right < 160) {
        // A narrow screen (a phone): the boxes fill its width, so the towns go between the boxes above and
        // the boxes below, over the whole width, when that leaves them a third of the height; else the
        // side boxes' room is kept on one side.
        if (size.y - stacked.top - stacked.bottom >= size.y / 3) {
          pad = stacked;
        } else {
          var keep = Math.min(Math.max(pad.left, pad.right), size.x - 200);
          pad.left = pad.left > pad.right ? Math.max(keep, 20) : 20;
          pad.right = pad.left > 20 ? 20 : Math.max(keep, 20);
        }
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
      foldLarge(map, div);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    return box.addTo(map);
  };

  /* A box's foldable <details>: folded on a narrow screen, and, open, when it would cover much of the map
     (eight phases beside a 570 px map): one click opens it; the towns under it come first. */
  function foldLarge(map, div, folded) {
    var details = div.querySelector("details[data-fold]");
    if (!details) return;
    if (folded || narrow(map)) details.open = false;
    div.removeAttribute("data-fold-checked");
    if (details.open) setTimeout(function () { mapapp.whenStyled(function () { foldIfLarge(map, div); }); }, 0);
    L.DomEvent.on(details, "toggle", function () { labelsOf(map).later(); });
  }
  /* Measured once the styles are in, and by mapapp.fit before it measures the boxes (a legend set by the
     layer of markers after the fit was asked for). Wider than WIDE_SHARE of the map, a box would leave the
     towns a strip beside it. */
  function foldIfLarge(map, div) {
    var details = div.querySelector("details[data-fold]");
    if (!details || !details.open || div.getAttribute("data-fold-checked")) return;
    div.setAttribute("data-fold-checked", "true");
    var size = map.getSize();
    if (div.offsetWidth * div.offsetHeight > FOLD_SHARE * size.x * size.y || div.offsetHeight > size.y / 2 ||
        div.offsetWidth > WIDE_SHARE * size.x) {
      details.open = false;
      labelsOf(map).later();
    }
  }

  /* The legend of a new colouring in place of the one before, folded if that one was (or if it is large);
     `on` is the map or a layer of markers about to be drawn on it (mapapp.maps.Legend, the app's). */
  mapapp.setLegend = function (on, html) {
    function set(map) {
      var box = map.getContainer().querySelector(".mapapp-legend");
      if (!box) return mapapp.addBox(map, "bottomright", "mapapp-legend", html);
      if (box.getAttribute("data-html") === html) return;
      var before = box.querySelector("details");
      box.innerHTML = html;
      box.setAttribute("data-html", html);
      foldLarge(map, box, before && !before.open); // folded stays folded
      labelsOf(map).later();
    }
    if (on instanceof L.Map) return set(on);
    if (on._map) return set(on._map);
    on.once("add", function () { set(on._map); });
  };
})();
