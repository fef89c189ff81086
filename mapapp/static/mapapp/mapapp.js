/* mapapp's map controls: the offline basemap, town markers' tooltips and popups, boxes, the phase switch.
   Loaded before folium's scripts (inlined by mapapp.export, served at /app/static/ by the app).
   Every string that comes from a document arrives already HTML-escaped by mapapp.maps. */
(function () {
  "use strict";
  var mapapp = (window.mapapp = window.mapapp || {});
  var LAND = {color: "#9a9a9a", weight: 0.8, fillColor: "#e8e4d8", fillOpacity: 1};
  var FOCUS = {color: "#555555", weight: 1.8, fillColor: "#fffdf6", fillOpacity: 1};
  var REGION = {color: "#8f8f8f", weight: 0.8, dashArray: "4 3", fill: false};

  /* Country outlines, regions and their name labels from embedded GeoJSON; OpenStreetMap only when asked. */
  mapapp.addBasemap = function (map, base) {
    // Outlines above the tiles (200) and below the names, the names below the markers (overlayPane, 400).
    map.createPane("mapapp-basemap").style.zIndex = 250;
    map.createPane("mapapp-labels").style.zIndex = 350;
    var countries = L.geoJSON(base.countries, {
      interactive: false,
      pane: "mapapp-basemap",
      style: function (f) { return f.properties.name === base.focus ? FOCUS : LAND; },
      attribution: base.countriesCredit
    }).addTo(map);
    var regions = L.geoJSON(base.regions, {interactive: false, pane: "mapapp-basemap", style: REGION,
                                           attribution: base.regionsCredit}).addTo(map);
    var labels = L.layerGroup(base.labels.map(function (label) {
      return L.tooltip({permanent: true, direction: "center", className: "mapapp-label " + label[3],
                        pane: "mapapp-labels", interactive: false})
        .setLatLng([label[0], label[1]]).setContent(label[2]);
    })).addTo(map);
    // A name placed before Leaflet's CSS applies is measured as a full-width block: place them again after.
    mapapp.whenStyled(function () { labels.eachLayer(function (label) { label.update(); }); });
    // Region names only once zoomed in: at country scale they crowd the neighbours' names.
    function fold() { L.DomUtil[map.getZoom() < 6 ? "addClass" : "removeClass"](map.getContainer(), "mapapp-far"); }
    map.on("zoomend", fold);
    fold();
    var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                            {maxZoom: 19, attribution: base.tilesCredit});
    var overlays = {};
    overlays[base.names[0]] = countries;
    overlays[base.names[1]] = regions;
    overlays[base.names[2]] = labels;
    overlays[base.names[3]] = tiles;
    L.control.layers(null, overlays, {position: "topleft"}).addTo(map);
    // Opaque land would hide the tiles: draw outlines only while they are on.
    map.on("overlayadd overlayremove", function (e) {
      if (e.layer !== tiles) return;
      var online = e.type === "overlayadd";
      countries.setStyle(function (f) {
        var style = f.properties.name === base.focus ? FOCUS : LAND;
        return online ? {color: style.color, weight: style.weight, fillOpacity: 0} : style;
      });
    });
    return {countries: countries, regions: regions, labels: labels, tiles: tiles};
  };

  /* The onEachFeature of a town layer: tooltip and popup are HTML prepared (and escaped) in Python. */
  mapapp.bindTown = function (feature, layer) {
    layer.bindTooltip(feature.properties.tooltip, {sticky: true, direction: "top", offset: [0, -6]});
    layer.bindPopup(feature.properties.popup, {maxHeight: 300, maxWidth: 380, minWidth: 240});
    if (feature.properties.label) {
      /* A name beside the busiest towns, shown and hidden with the marker's layer (a phase switch): a
         stand-alone tooltip, so that the hover tooltip stays the marker's own. */
      var radius = (feature.properties.style && feature.properties.style.radius) || 7, name = null;
      layer.on("add", function () {
        name = L.tooltip({permanent: true, direction: "right", offset: [radius, 0], interactive: false,
                          className: "mapapp-town-label"})
          .setLatLng(layer.getLatLng()).setContent(feature.properties.label).addTo(layer._map);
      });
      layer.on("remove", function () {
        if (name) { name.remove(); name = null; }
      });
    }
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

  /* Fit the view to bounds, keeping markers clear of the boxes at the map's left and right edges when
     there is room. Deferred so that every box of the page has been added, styled, and can be measured. */
  mapapp.fit = function (map, bounds, maxZoom) {
    function place() {
        var container = map.getContainer();
        function side(h) {
          var width = 0;
          ["top", "bottom"].forEach(function (v) {
            var corner = container.querySelector(".leaflet-" + v + ".leaflet-" + h);
            Array.prototype.forEach.call(corner ? corner.children : [], function (control) {
              // The credits line runs along the bottom edge: it hides no marker worth moving for.
              if (!L.DomUtil.hasClass(control, "leaflet-control-attribution")) {
                width = Math.max(width, control.offsetWidth + 10);
              }
            });
          });
          return width + 20;
        }
        var left = side("left"), right = side("right");
        if (map.getSize().x - left - right < 200) left = right = 20; // a narrow screen: boxes may cover
        // No animation: the view is right at once, and markers do not move under a pointer about to click.
        map.fitBounds(bounds, {paddingTopLeft: [left, 30], paddingBottomRight: [right, 30], maxZoom: maxZoom,
                               animate: false});
        container.setAttribute("data-fitted", "true"); // for tests and scripts that wait for the final view
    }
    setTimeout(function () { mapapp.whenStyled(place); }, 0);
  };

  /* A fixed box (title, legend, page links) as a Leaflet control. */
  mapapp.addBox = function (map, position, className, html) {
    var box = L.control({position: position});
    box.onAdd = function () {
      var div = L.DomUtil.create("div", "mapapp-box " + className);
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    return box.addTo(map);
  };

  /* Switch between one layer per phase: a labelled <select> with Prev and Next, keyboard-usable.
     views: [{key, label, subtitle, layer, bounds}], the first shown unless the URL's #hash names another. */
  mapapp.addPhaseSwitch = function (map, id, views, fallbackBounds, maxZoom) {
    var control = L.control({position: "topright"});
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "mapapp-box mapapp-switch");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Phase");
      var row = L.DomUtil.create("div", "mapapp-switch-row", box);
      var label = L.DomUtil.create("label", "", row);
      label.htmlFor = id;
      label.textContent = "Phase";
      var select = L.DomUtil.create("select", "", row);
      var buttons = L.DomUtil.create("div", "mapapp-switch-row", box);
      var prev = L.DomUtil.create("button", "mapapp-prev", buttons);
      var next = L.DomUtil.create("button", "mapapp-next", buttons);
      prev.type = next.type = "button";
      prev.textContent = "\u2039 Previous";
      next.textContent = "Next \u203a";
      prev.setAttribute("aria-label", "Previous phase");
      next.setAttribute("aria-label", "Next phase");
      select.id = id;
      views.forEach(function (view, i) {
        var option = document.createElement("option");
        option.value = String(i);
        option.innerHTML = view.label;
        select.appendChild(option);
      });
      function show(i, fit) {
        var view = views[i];
        views.forEach(function (other) { if (map.hasLayer(other.layer)) map.removeLayer(other.layer); });
        map.addLayer(view.layer);
        select.value = String(i);
        prev.disabled = i === 0;
        next.disabled = i === views.length - 1;
        box.setAttribute("data-view", view.key);
        var subtitle = map.getContainer().querySelector(".mapapp-subtitle");
        if (subtitle) subtitle.innerHTML = view.subtitle;
        if (fit) mapapp.fit(map, view.bounds || fallbackBounds, maxZoom);
        try { // a sandboxed frame may refuse; the switch works without it
          history.replaceState(null, "", i === 0 ? location.pathname + location.search
                                                 : "#" + encodeURIComponent(view.key));
        } catch (err) { /* keep the view, lose the shareable #hash */ }
      }
      L.DomEvent.on(select, "change", function () { show(Number(select.value), true); });
      L.DomEvent.on(prev, "click", function () { show(Math.max(0, Number(select.value) - 1), true); });
      L.DomEvent.on(next, "click", function () {
        show(Math.min(views.length - 1, Number(select.value) + 1), true);
      });
      // Arrow keys in the <select> must not also pan the map.
      L.DomEvent.on(box, "keydown", L.DomEvent.stopPropagation);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var start = 0;
      var wanted = decodeURIComponent(location.hash.slice(1));
      views.forEach(function (view, i) { if (wanted && view.key === wanted) start = i; });
      show(start, start !== 0);
      return box;
    };
    return control.addTo(map);
  };
})();
