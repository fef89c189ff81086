/* The story control of mapapp's exported pages (mapapp.addStory): phases, a date span, Play week by week or
   month by month with earlier events faded, colour by phase or event type, and the events in date order to
   step through. Loaded after mapapp.js, whose helpers it uses. Every string from a document arrives
   HTML-escaped by mapapp.story (Python). */
(function () {
  "use strict";
  var mapapp = window.mapapp;
  var el = mapapp.util.el, narrow = mapapp.util.narrow, labelsOf = mapapp.util.labelsOf;

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
  /* The last day of Play's window that starts on day n: a week later, or the end of n's calendar month
     (31 January is January's). */
  function windowEnd(n, unit) {
    if (unit !== "month") return n + Number(unit) - 1;
    var d = new Date(n * 864e5);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 864e5 - 1;
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
    // All phases covers the phases' timeline, as in the app (mapapp.towns.view_span): an anniversary or a
    // background date outside every phase does not stretch it, and its events still show while the whole
    // span is chosen.
    views[0].start = day(data.allSpan[0]);
    views[0].end = day(data.allSpan[1]);
    views[0].dates = events.length ? data.allSpan[0] + " \u2013 " + data.allSpan[1] : "no dated events";
    var timeline = [views[0].start, views[0].end];
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
      ui.chart = mapapp.spanChart(span, function (from, to) { stopPlay(); setSpan(from, to); draw(); saveHash(); });
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
      [["1", "day by day"], ["7", "week by week"], ["month", "month by month"]].forEach(function (u) {
        var o = el("option", "", ui.unit, u[1]);
        o.value = u[0];
      });
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
      if (st.from <= v.start && st.to >= v.end) return true; // the whole view: events outside its dates too
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
          seen.sort(function (a, b) { return a - b; }).slice(1).slice(-3).forEach(function (p) { // MAX_RINGS
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
                             far: !data.towns[t][3],
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
      // The chart: the view's events over its dates (static/mapapp/chart.js); All phases' over the phases'
      // timeline, not stretched to an anniversary outside it (as the app's chart).
      var v = views[st.view], chartSpan = st.view ? [v.start, v.end] : timeline;
      ui.chart.update(events.filter(function (e) {
        return (st.view === 0 || e.phase === v.index) && (st.step === null || e.section === st.step);
      }), chartSpan[0], chartSpan[1], st.from, st.to);
      var box = map.getContainer().querySelector(".mapapp-legend");
      if (box && box.getAttribute("data-colour") !== c.key) {
        mapapp.setLegend(map, c.legend);
        box.setAttribute("data-colour", c.key);
      }
      var subtitle = map.getContainer().querySelector(".mapapp-subtitle");
      if (subtitle) {
        // The towns off the view are named in .mapapp-far by names.js as the map moves.
        subtitle.innerHTML = (st.view ? "Phase " + st.view + " of " + (views.length - 1) + ": " + v.label
          .replace(/^\d+\. /, "") : "All phases") + " \u00b7 " + v.dates + "<br>" + plural(shown.length, "event") +
          " in " + plural(towns.length, "town") + '<span class="mapapp-far" hidden></span>';
        labelsOf(map).later();
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
        // The stepped event first in the popup, under "This event" (as in the app), until the popup closes.
        var p = marker.feature.properties;
        p.picked = p.ids.indexOf(e.i);
        marker.once("popupclose", function () { if (p.picked === p.ids.indexOf(e.i)) delete p.picked; });
        if (marker.isPopupOpen()) marker.getPopup().update();
        else marker.openPopup();
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
      // Play steps as the chart bins: day by day through a battle of days, week by week through months.
      ui.unit.value = {day: "1", week: "7", month: "month"}[mapapp.chartBins(v.start, v.end)[0]];
      draw();
      map.getContainer().setAttribute("data-view", v.key);
      if (fit) {
        var shown = events.filter(function (e) { return inView(e) && data.towns[e.town][3]; })
          .map(function (e) { return [data.towns[e.town][1], data.towns[e.town][2]]; });
        mapapp.fit(map, shown.length ? mapapp.util.viewOf(L.latLngBounds(shown)) : data.bounds, data.maxZoom);
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
      var v = views[st.view], unit = ui.unit.value;
      var from = st.to >= v.end ? v.start : st.to + 1;
      setSpan(from, windowEnd(from, unit));
      draw();
      saveHash();
      ui.play.textContent = "\u23f8 Pause";
      st.playing = setInterval(function () {
        if (st.to >= views[st.view].end) return stopPlay();
        setSpan(st.to + 1, windowEnd(st.to + 1, unit));
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
