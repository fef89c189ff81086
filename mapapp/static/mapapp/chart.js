/* The events-over-time chart of an exported page's story (mapapp.spanChart): bars per day for a battle of a
   few weeks, per week for a few months, else per calendar month, as the app's chart (mapapp.appdata
   .chart_bins); the bars in the dates shown are dark, the others light; a click on a bar (or Enter on it)
   narrows the dates shown to it. Days are numbers of days since 1970-01-01, as in story.js. */
(function () {
  "use strict";
  var mapapp = window.mapapp;
  var DAYS_UPTO = 45, WEEKS_UPTO = 280; // as CHART_DAYS_UPTO and CHART_WEEKS_UPTO in mapapp/appdata.py
  var SVG = "http://www.w3.org/2000/svg", WIDTH = 260, HEIGHT = 64;

  function isoDay(n) { return new Date(n * 864e5).toISOString().slice(0, 10); }

  /* [unit, [[first, last], ...]] for the days first..last. */
  function bins(first, last) {
    var days = last - first + 1, out = [], n;
    if (days <= DAYS_UPTO) {
      for (n = first; n <= last; n++) out.push([n, n]);
      return ["day", out];
    }
    if (days <= WEEKS_UPTO) {
      for (n = first; n <= last; n += 7) out.push([n, Math.min(last, n + 6)]);
      return ["week", out];
    }
    for (n = first; n <= last;) {
      var d = new Date(n * 864e5), next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 864e5;
      out.push([n, Math.min(last, next - 1)]);
      n = next;
    }
    return ["month", out];
  }
  mapapp.chartBins = bins;

  function node(tag, attrs, parent) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(n);
    return n;
  }

  /* A chart in `parent`; update(events, first, last, from, to) draws the view's events ({start, end, iso}) over
     its days first..last with from..to shown; onPick(from, to) is called with a clicked bar's days. */
  mapapp.spanChart = function (parent, onPick) {
    var svg = node("svg", {viewBox: "0 0 " + WIDTH + " " + HEIGHT, "class": "mapapp-chart", role: "group"}, parent);
    var note = mapapp.util.el("p", "mapapp-chart-note", parent);
    function update(events, first, last, from, to) {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      var b = bins(first, last), unit = b[0], list = b[1], counts = list.map(function () { return 0; });
      var coarse = 0;
      events.forEach(function (e) {
        if (e.end < first || e.start > last) return; // outside the view's dates
        var parts = e.iso.split("-").length;
        if (parts < 2 || (unit !== "month" && parts < 3)) { coarse += 1; return; }
        var at = Math.max(e.start, first); // a month the view starts in the middle of: its first bar
        for (var i = list.length - 1; i >= 0; i--) if (list[i][0] <= at) { counts[i] += 1; break; }
      });
      var top = Math.max.apply(null, counts.concat([1])), w = WIDTH / list.length;
      svg.setAttribute("aria-label", "Events per " + unit + ", " + isoDay(first) + " to " + isoDay(last) +
                       ": a bar shows its dates");
      list.forEach(function (bin, i) {
        if (!counts[i]) return;
        var h = Math.max(2, (HEIGHT - 4) * Math.sqrt(counts[i] / top)); // square root: a few busy days
        var label = (unit === "month" ? isoDay(bin[0]).slice(0, 7) : (unit === "week" ? "Week from " : "") +
                     isoDay(bin[0])) + ": " + counts[i] + (counts[i] === 1 ? " event" : " events");
        var bar = node("rect", {x: (i * w + 0.5).toFixed(2), y: (HEIGHT - h).toFixed(2),
                                width: Math.max(1, w - 1).toFixed(2), height: h.toFixed(2), tabindex: "0",
                                role: "button", "aria-label": label,
                                "class": bin[1] >= from && bin[0] <= to ? "mapapp-bar-in" : "mapapp-bar-out"}, svg);
        node("title", {}, bar).textContent = label;
        var pick = function (e) {
          if (e.type === "keydown" && e.key !== "Enter" && e.key !== " ") return;
          L.DomEvent.preventDefault(e);
          onPick(bin[0], bin[1]);
        };
        L.DomEvent.on(bar, "click keydown", pick);
      });
      note.textContent = "Events per " + unit + (coarse ? "; " + coarse + (coarse === 1 ? " is" : " are") +
        " known only " + (unit === "month" ? "to the year" : "to the month or the year") + ", not shown" : "") +
        ". A bar shows its dates.";
    }
    return {update: update};
  };
})();
