/* The console's live map API (一张图).
 *
 * The page is built once by console/map/page.py (folium, Leaflet from node_modules).
 * Python drives it through consoleMap.apply(delta): small deltas that add, move,
 * restyle and remove units and incidents by id (moves packed as float64, see
 * console/map/feed.py pack_moves). Every entry point catches its own
 * errors and returns JSON.stringify({ok, ...}), because runJavaScript returns nothing
 * when a script throws. Clicks go back to Python through the QWebChannel object
 * "bridge".
 */
(function () {
  "use strict";

  var map = null;
  var layers = {};
  var units = {};      // id -> UnitMarker
  var incidents = {};  // id -> L.Marker
  var theme = {};
  var strings = {};
  var bridge = null;
  var selected = null; // {kind, id}
  var halo = null;
  var heat = null;
  var seq = 0;

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function duration(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mmss = (h ? String(m).padStart(2, "0") : String(m)) + ":" + String(r).padStart(2, "0");
    return h ? h + ":" + mmss : mmss;
  }

  function wrap(fn) {
    return function () {
      try {
        var result = fn.apply(null, arguments) || {};
        result.ok = true;
        return JSON.stringify(result);
      } catch (e) {
        return JSON.stringify({ok: false, error: String(e && e.stack || e)});
      }
    };
  }

  // --- units: canvas markers whose shape says the kind, colour the status -------------

  var HEADING_PX = 7;
  var LABELS_UP_TO = 150;  // call signs beside the units, unless the map is crowded
  var unitCount = 0;
  var LABEL_PX = 48;

  function shapePath(ctx, p, s, kind) {
    if (kind === "foot") {
      ctx.rect(p.x - s * 0.85, p.y - s * 0.85, s * 1.7, s * 1.7);
    } else if (kind === "one_plus_three") {
      ctx.moveTo(p.x, p.y - s * 1.15); ctx.lineTo(p.x + s * 1.15, p.y);
      ctx.lineTo(p.x, p.y + s * 1.15); ctx.lineTo(p.x - s * 1.15, p.y); ctx.closePath();
    } else if (kind === "falcon") {
      ctx.moveTo(p.x, p.y - s * 1.2); ctx.lineTo(p.x + s * 1.1, p.y + s * 0.85);
      ctx.lineTo(p.x - s * 1.1, p.y + s * 0.85); ctx.closePath();
    } else {
      ctx.moveTo(p.x + s, p.y);
      ctx.arc(p.x, p.y, s, 0, Math.PI * 2, false);
    }
  }

  function headingPath(ctx, p, s, hd) {
    var a = hd * Math.PI / 180, dx = Math.sin(a), dy = -Math.cos(a);
    ctx.moveTo(p.x + dx * (s + 1), p.y + dy * (s + 1));
    ctx.lineTo(p.x + dx * (s + HEADING_PX), p.y + dy * (s + HEADING_PX));
  }

  // A unit: its shape says the kind, its colour the status, a tick its heading.
  var UnitMarker = L.CircleMarker.extend({
    options: {radius: 7, weight: 2, fillOpacity: 1, bubblingMouseEvents: false},

    _updateBounds: function () {
      var pad = this._radius + this._clickTolerance() + HEADING_PX;
      this._pxBounds = new L.Bounds(
        this._point.subtract([pad, pad]),
        this._point.add([pad + LABEL_PX, pad])
      );
    },

    _updatePath: function () {
      var r = this._renderer;
      if (!r._drawing || this._empty()) { return; }
      r._drawUnits([this]);
    }
  });

  // The units' canvas draws all units of one colour as one path: a few fills and
  // strokes per frame instead of several per unit (2,000 units in a few ms).
  var UnitCanvas = L.Canvas.extend({
    _draw: function () {
      var bounds = this._redrawBounds, list = [];
      this._ctx.save();
      if (bounds) {
        var size = bounds.getSize();
        this._ctx.beginPath();
        this._ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
        this._ctx.clip();
      }
      this._drawing = true;
      for (var order = this._drawFirst; order; order = order.next) {
        var layer = order.layer;
        if (!bounds || (layer._pxBounds && layer._pxBounds.intersects(bounds))) {
          list.push(layer);
        }
      }
      this._drawUnits(list);
      this._drawing = false;
      this._ctx.restore();
    },

    _drawUnits: function (list) {
      var ctx = this._ctx, groups = {}, colours = [], k, g, m;
      for (k = 0; k < list.length; k++) {
        m = list[k];
        if (!m.rec || m._empty()) { continue; }
        var c = m.options.fillColor;
        if (!groups[c]) { groups[c] = []; colours.push(c); }
        groups[c].push(m);
      }
      ctx.lineJoin = "round"; ctx.lineCap = "round";
      for (g = 0; g < colours.length; g++) {
        var members = groups[colours[g]];
        ctx.beginPath();
        for (k = 0; k < members.length; k++) {
          shapePath(ctx, members[k]._point, members[k]._radius, members[k].rec.kind);
        }
        ctx.fillStyle = colours[g];
        ctx.fill();
        ctx.lineWidth = 2; ctx.strokeStyle = theme.outline;
        ctx.stroke();
        ctx.beginPath();
        for (k = 0; k < members.length; k++) {
          m = members[k];
          if (m.rec.hd !== null && m.rec.hd !== undefined) {
            headingPath(ctx, m._point, m._radius, m.rec.hd);
          }
        }
        ctx.lineWidth = 2.5; ctx.strokeStyle = colours[g];
        ctx.stroke();
      }
      var z = map.getZoom();
      if (z >= 17 || (z >= 14 && unitCount <= LABELS_UP_TO)) {
        ctx.font = "600 12px " + theme.font;
        ctx.lineWidth = 3; ctx.strokeStyle = theme.halo; ctx.fillStyle = theme.text;
        // A call sign that would run into one already written is left out (the tooltip
        // still names the unit): overlapping names are read as neither.
        var written = [];
        for (k = 0; k < list.length; k++) {
          m = list[k];
          if (!m.rec || !m._point) { continue; }
          var x = m._point.x + m._radius + 4, y = m._point.y + 4;
          var box = {x0: x - 2, y0: y - 13, x1: x + ctx.measureText(m.rec.cs).width + 2, y1: y + 4};
          if (written.some(function (b) {
            return b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1;
          })) { continue; }
          written.push(box);
          ctx.strokeText(m.rec.cs, x, y);
          ctx.fillText(m.rec.cs, x, y);
        }
      }
    }
  });

  function unitStyle(rec) {
    return {fillColor: theme.status[rec.st] || "#888", color: theme.outline};
  }

  function unitTooltip(layer) {
    var rec = layer.rec;
    return "<b>" + esc(rec.cs) + "</b> · " + esc(rec.kindText) + "<br>" +
      esc(rec.stText) + " " + duration(Date.now() - rec.since);
  }

  var unitRenderer = null;  // units have their own canvas: a move never redraws the roads

  function addUnit(rec) {
    var style = unitStyle(rec);
    style.renderer = unitRenderer;
    var m = new UnitMarker([rec.lat, rec.lon], style);
    m.rec = rec;
    m.bindTooltip(unitTooltip, {direction: "top", offset: [0, -8], className: "cm-tip"});
    m.on("click", function () { clicked("unit", rec.id); });
    units[rec.id] = m;
    unitCount++;
    layers.units.addLayer(m);
  }

  function upsertUnit(rec) {
    var m = units[rec.id];
    if (!m) { addUnit(rec); return; }
    m.rec = rec;
    m.setStyle(unitStyle(rec));
    m.setLatLng([rec.lat, rec.lon]);
  }

  // Moves arrive packed (feed.pack_moves): base64 of float64 quadruples id, lat, lon,
  // heading (NaN: unknown). They are batched: new positions are projected in place and
  // the units' canvas is redrawn once at the next frame (setLatLng would schedule a
  // redraw per marker).
  function unpackMoves(packed) {
    var bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(packed);
    } else {
      var text = atob(packed), n = text.length;
      bytes = new Uint8Array(n);
      for (var k = 0; k < n; k++) { bytes[k] = text.charCodeAt(k); }
    }
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3);
  }

  // Where a marker goes on the layer, with Leaflet's own projection but without the
  // half-dozen temporary objects latLngToLayerPoint and _updateBounds make per marker.
  function layerPlacer() {
    var crs = map.options.crs, scale = crs.scale(map.getZoom()), origin = map.getPixelOrigin();
    return function (m) {
      var p = crs.transformation._transform(crs.projection.project(m._latlng), scale);
      p.x = Math.round(p.x) - origin.x;
      p.y = Math.round(p.y) - origin.y;
      m._point = p;
      var b = m._pxBounds;
      if (!b) { m._updateBounds(); return; }
      var pad = m._radius + m._clickTolerance() + HEADING_PX;
      b.min.x = p.x - pad; b.min.y = p.y - pad;
      b.max.x = p.x + pad + LABEL_PX; b.max.y = p.y + pad;
    };
  }

  function moveUnits(packed) {
    var values = unpackMoves(packed), moved = 0, place = map._loaded ? layerPlacer() : null;
    for (var k = 0; k + 3 < values.length; k += 4) {
      var m = units[values[k]];
      if (!m) { continue; }
      var lat = values[k + 1], lon = values[k + 2], hd = values[k + 3];
      m.rec.lat = lat; m.rec.lon = lon; m.rec.hd = hd === hd ? hd : null;  // NaN: unknown
      m._latlng = new L.LatLng(lat, lon);
      if (m._map) {
        if (place) { place(m); } else { m._project(); }
        if (m._tooltip && m.isTooltipOpen()) { m._tooltip.setLatLng(m._latlng); }
      }
      moved++;
    }
    var r = unitRenderer;
    if (moved && r._map) {
      r._redrawBounds = null;  // everything
      if (!r._redrawRequest) { r._redrawRequest = L.Util.requestAnimFrame(r._redraw, r); }
    }
  }

  function removeUnit(id) {
    var m = units[id];
    if (!m) { return; }
    layers.units.removeLayer(m);
    delete units[id];
    unitCount--;
  }

  // --- incidents: DOM markers, so overdue ones can pulse ------------------------------

  function overdue(rec, now) {
    return rec.deadline !== null && !rec.arrived && now > rec.deadline;
  }

  function incidentClass(rec, now) {
    var cls = "cm-inc cm-p-" + rec.pr;
    if (overdue(rec, now)) { cls += " cm-overdue"; }
    if (selected && selected.kind === "incident" && selected.id === rec.id) { cls += " cm-selected"; }
    return cls;
  }

  function incidentIcon(cls) {
    return L.divIcon({className: cls, iconSize: [18, 18], iconAnchor: [9, 9], html: "<i></i>"});
  }

  function incidentTooltip(layer) {
    var rec = layer.rec;
    return "<b>" + esc(rec.number) + "</b> · " + esc(rec.category) + "<br>" +
      esc(rec.prText) + " · " + esc(strings.age) + " " + duration(Date.now() - rec.received);
  }

  function restyleIncident(m) {
    var cls = incidentClass(m.rec, Date.now());
    if (cls === m.cls) { return; }
    m.cls = cls;
    m.options.icon = incidentIcon(cls);  // used when the layer is shown again
    var el = m.getElement();
    if (el) {
      el.className.split(" ").forEach(function (c) {
        if (c.indexOf("cm-") === 0) { el.classList.remove(c); }
      });
      cls.split(" ").forEach(function (c) { el.classList.add(c); });
    }
  }

  function upsertIncident(rec) {
    var m = incidents[rec.id];
    if (!m) {
      var cls = incidentClass(rec, Date.now());
      m = L.marker([rec.lat, rec.lon], {
        icon: incidentIcon(cls), bubblingMouseEvents: false, riseOnHover: true,
        zIndexOffset: 1000 - 100 * (rec.rank || 0)
      });
      m.rec = rec;
      m.cls = cls;
      m.bindTooltip(incidentTooltip, {direction: "top", offset: [0, -10], className: "cm-tip"});
      m.on("click", function () { clicked("incident", rec.id); });
      incidents[rec.id] = m;
      layers.incidents.addLayer(m);
      return;
    }
    var ll = m.getLatLng();
    m.rec = rec;
    if (ll.lat !== rec.lat || ll.lng !== rec.lon) { m.setLatLng([rec.lat, rec.lon]); }
    restyleIncident(m);
  }

  function removeIncident(id) {
    var m = incidents[id];
    if (!m) { return; }
    layers.incidents.removeLayer(m);
    delete incidents[id];
  }

  // --- selection ------------------------------------------------------------------------

  function clicked(kind, id) {
    if (bridge) { bridge.markerClicked(kind, id); }
  }

  function selectedMarker() {
    if (!selected) { return null; }
    return (selected.kind === "unit" ? units : incidents)[selected.id] || null;
  }

  function placeHalo() {
    var m = selectedMarker();
    if (!m) {
      if (halo) { map.removeLayer(halo); halo = null; }
      return;
    }
    if (!halo) {
      halo = L.marker(m.getLatLng(), {
        icon: L.divIcon({className: "cm-halo", iconSize: [34, 34], iconAnchor: [17, 17]}),
        interactive: false, keyboard: false, zIndexOffset: -1000
      }).addTo(map);
    } else {
      halo.setLatLng(m.getLatLng());
    }
  }

  function select(arg) { // {kind, id, pan}; id null clears
    var kind = arg.kind, id = arg.id, pan = arg.pan;
    var before = selected;
    selected = id === null ? null : {kind: kind, id: id};
    if (before && before.kind === "incident" && incidents[before.id]) {
      restyleIncident(incidents[before.id]);
    }
    var m = selectedMarker();
    if (m && kind === "incident") { restyleIncident(m); }
    placeHalo();
    if (m && pan) {
      map.panTo(m.getLatLng(), {animate: true, duration: 0.4});
    }
    return {found: !!m};
  }

  // --- the call being typed: its pin before it is saved ----------------------------------

  var pending = null;  // L.Marker of the call in the intake form

  function setPending(arg) { // {lon, lat, label} or null
    if (!arg) {
      if (pending) { map.removeLayer(pending); pending = null; }
      return {shown: false};
    }
    var ll = L.latLng(arg.lat, arg.lon);
    if (!pending) {
      pending = L.marker(ll, {
        icon: L.divIcon({className: "cm-pending", iconSize: [26, 26], iconAnchor: [13, 13],
                         html: "<i></i>"}),
        interactive: false, keyboard: false, zIndexOffset: 2000
      }).addTo(map);
      pending.bindTooltip("", {permanent: true, direction: "top", offset: [0, -14],
                               className: "cm-tip cm-pending-tip"});
    } else {
      pending.setLatLng(ll);
    }
    pending.setTooltipContent(esc((strings.pendingCall || "") + " " + (arg.label || "")));
    if (!map.getBounds().pad(-0.1).contains(ll)) {
      map.panTo(ll, {animate: true, duration: 0.4});
    }
    return {shown: true};
  }

  // --- the delta --------------------------------------------------------------------------

  function apply(delta) {
    var t0 = performance.now();
    var u = delta.units || {}, i = delta.incidents || {};
    (u.remove || []).forEach(removeUnit);
    (u.upsert || []).forEach(upsertUnit);
    if (u.moves) { moveUnits(u.moves); }
    (i.remove || []).forEach(removeIncident);
    (i.upsert || []).forEach(upsertIncident);
    if (delta.rings) { setRings(delta.rings); }
    if (delta.grids) { setGridCoverage(delta.grids); }
    if (selected) { placeHalo(); }
    seq = delta.seq || seq + 1;
    return {seq: seq, ms: Math.round((performance.now() - t0) * 100) / 100};
  }

  // --- response rings, grids, heat, theme -------------------------------------------------

  function setRings(rings) {
    layers.rings.clearLayers();
    // Widest first, so the 1-minute core is drawn on top.
    rings.slice().sort(function (a, b) { return b.minutes - a.minutes; }).forEach(function (r) {
      var tone = theme.rings[String(r.minutes)] || theme.rings["5"];
      L.geoJSON(r.geometry, {
        interactive: false,
        style: {color: tone, weight: 1.2, opacity: 0.7, fillColor: tone, fillOpacity: 0.07}
      }).addTo(layers.rings);
    });
    return {count: rings.length};
  }

  var gridLevels = {};

  function styleGrids() {
    layers.gridShapes.eachLayer(function (layer) {
      var level = gridLevels[layer.feature.properties.id];
      var tone = level ? theme.coverage[level] : theme.gridLine;
      // 黑 (no unit can go) is the loudest: a dark veil and a heavy edge (a black edge
      // would vanish on the dark theme's ground, so the theme may name another).
      var edge = level === "black" ? theme.blackEdge || tone : tone;
      layer.setStyle({
        color: edge, weight: level === "black" ? 3 : level ? 2 : 1.5, opacity: 0.9,
        dashArray: level ? null : "6 4", fillColor: level ? tone : theme.gridLine,
        fillOpacity: level === "black" ? 0.32 : level ? 0.12 : 0.03
      });
    });
  }

  function setGridCoverage(levels) {
    gridLevels = levels || {};
    styleGrids();
    return {};
  }

  function setHeat(points) {
    if (heat) { layers.heat.removeLayer(heat); }
    heat = L.heatLayer(points, {radius: 18, blur: 16, maxZoom: 17, minOpacity: 0.25});
    layers.heat.addLayer(heat);
    return {count: points.length};
  }

  function setTheme(t) {
    theme = t;
    var root = document.documentElement.style;
    ["bg", "text", "muted", "halo", "panel", "border", "accent"].forEach(function (k) {
      root.setProperty("--cm-" + k, t[k]);
    });
    Object.keys(t.priority).forEach(function (p) {
      root.setProperty("--cm-p-" + p, t.priority[p]);
    });
    if (layers.roadShapes) {
      layers.roadShapes.eachLayer(function (layer) {
        var major = layer.feature.properties.major;
        layer.setStyle({color: major ? t.roadMajor : t.road, weight: major ? 4 : 2, opacity: 1});
      });
    }
    if (layers.gridShapes) { styleGrids(); }
    Object.keys(units).forEach(function (id) { units[id].setStyle(unitStyle(units[id].rec)); });
    renderLegend();
    return {};
  }

  // --- legend: what the shapes and colours mean, folded into one button ---------------

  var legend = null;

  function legendRows(pairs, swatch) {
    return pairs.map(function (p) {
      return '<div class="cm-legend-row">' + swatch(p[0]) + "<span>" + esc(p[1]) +
        "</span></div>";
    }).join("");
  }

  var KIND_GLYPHS = {car: "●", foot: "■", one_plus_three: "◆", falcon: "▲"};

  function renderLegend() {
    var l = strings.legend;
    if (!legend || !l) { return; }
    var dot = function (colour) {
      return '<i class="cm-swatch" style="background:' + colour + '"></i>';
    };
    legend.body.innerHTML =
      "<h4>" + esc(l.units) + "</h4>" +
      legendRows(l.statuses, function (code) { return dot(theme.status[code] || "#888"); }) +
      legendRows(l.kinds, function (code) {
        return '<i class="cm-glyph">' + (KIND_GLYPHS[code] || "●") + "</i>";
      }) +
      "<h4>" + esc(l.incidents) + "</h4>" +
      legendRows(l.priorities, function (code) {
        return '<i class="cm-swatch cm-swatch-inc" style="background:' +
          (theme.priority[code] || "#888") + '"></i>';
      }) +
      '<div class="cm-legend-row"><i class="cm-swatch cm-swatch-late"></i><span>' +
      esc(l.overdue) + "</span></div>" +
      "<h4>" + esc(l.coverage) + "</h4>" +
      legendRows(l.coverage_levels, function (code) {
        return '<i class="cm-swatch cm-swatch-grid" style="background:' +
          theme.coverage[code] + ";border-color:" +
          (code === "black" ? theme.blackEdge || theme.coverage[code] : theme.coverage[code]) +
          '"></i>';
      });
  }

  var LegendControl = L.Control.extend({
    options: {position: "bottomright"},
    onAdd: function () {
      var box = L.DomUtil.create("div", "cm-legend leaflet-bar");
      var button = L.DomUtil.create("a", "cm-legend-toggle", box);
      button.href = "#";
      button.setAttribute("role", "button");
      button.textContent = strings.legend.title;
      this.body = L.DomUtil.create("div", "cm-legend-body", box);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.preventDefault(e);
        box.classList.toggle("cm-open");
      });
      return box;
    }
  });

  // --- reading the page back (tests, diagnostics) ----------------------------------------

  function snapshot() {
    var u = Object.keys(units).map(function (id) {
      var m = units[id], ll = m.getLatLng();
      return {id: m.rec.id, lat: ll.lat, lon: ll.lng, st: m.rec.st, kind: m.rec.kind,
              hd: m.rec.hd, colour: m.options.fillColor, cs: m.rec.cs};
    });
    var i = Object.keys(incidents).map(function (id) {
      var m = incidents[id], ll = m.getLatLng();
      return {id: m.rec.id, lat: ll.lat, lon: ll.lng, pr: m.rec.pr, number: m.rec.number,
              overdue: overdue(m.rec, Date.now()), cls: m.cls};
    });
    var p = pending && pending.getLatLng();
    return {seq: seq, units: u, incidents: i, rings: layers.rings.getLayers().length,
            selected: selected, zoom: map.getZoom(), misplaced: misplacedUnits(),
            pending: p ? {lat: p.lat, lon: p.lng} : null};
  }

  // Units drawn somewhere other than where Leaflet itself would put them (moveUnits
  // places them without latLngToLayerPoint); always 0 unless that shortcut is wrong.
  function misplacedUnits() {
    var count = 0;
    Object.keys(units).forEach(function (id) {
      var m = units[id];
      if (!m._map) { return; }
      var p = map.latLngToLayerPoint(m._latlng), b = m._pxBounds;
      var pad = m._radius + m._clickTolerance() + HEADING_PX;
      if (!m._point || !m._point.equals(p) || !b || b.min.x !== p.x - pad ||
          b.max.y !== p.y + pad || b.max.x !== p.x + pad + LABEL_PX) { count++; }
    });
    return count;
  }

  function markerPoint(kind, id) {
    var m = (kind === "unit" ? units : incidents)[id];
    if (!m) { return {found: false}; }
    var p = map.latLngToContainerPoint(m.getLatLng());
    return {found: true, x: p.x, y: p.y};
  }

  // A click as the page would see it from the mouse, at a marker or a container point.
  function clickAt(arg) { // {kind, id} or {x, y}
    var x = arg.x, y = arg.y;
    if (arg.kind) {
      var where = markerPoint(arg.kind, arg.id);
      if (!where.found) { return {clicked: false}; }
      x = where.x; y = where.y;
    }
    var box = map.getContainer().getBoundingClientRect();
    var cx = box.left + x, cy = box.top + y;
    var target = document.elementFromPoint(cx, cy);
    if (!target) { return {clicked: false}; }
    ["mousedown", "mouseup", "click"].forEach(function (type) {
      target.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, view: window,
                                                 clientX: cx, clientY: cy, button: 0}));
    });
    return {clicked: true, target: target.className && String(target.className)};
  }

  // The mouse resting on a marker, as the page would see it; answers the open tooltip's
  // text (units are drawn on a canvas, which finds the marker under the pointer itself).
  function hoverAt(arg) { // {kind, id}
    var where = markerPoint(arg.kind, arg.id);
    if (!where.found) { return {hovered: false}; }
    var box = map.getContainer().getBoundingClientRect();
    var cx = box.left + where.x, cy = box.top + where.y;
    var target = document.elementFromPoint(cx, cy);
    if (!target) { return {hovered: false}; }
    ["mouseover", "mousemove"].forEach(function (type) {
      target.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, view: window,
                                                 clientX: cx, clientY: cy}));
    });
    return {hovered: true};
  }

  function openTooltips() {
    return {texts: Array.prototype.map.call(document.querySelectorAll(".leaflet-tooltip"),
                                            function (el) { return el.textContent; })};
  }

  // --- start ---------------------------------------------------------------------------

  function zoomClass() {
    var c = map.getContainer();
    c.classList.toggle("cm-zoom-streets", map.getZoom() >= 16);
    c.classList.toggle("cm-zoom-doors", map.getZoom() >= 17);
    c.classList.toggle("cm-zoom-grids", map.getZoom() >= 14);
  }

  function init(leafletMap, config) {
    map = leafletMap;
    strings = config.strings;
    layers.units = config.layers.units;
    layers.incidents = config.layers.incidents;
    layers.rings = config.layers.rings;
    layers.heat = config.layers.heat;
    layers.places = config.layers.places;
    layers.roads = config.layers.roads;
    layers.grids = config.layers.grids;
    layers.roadShapes = config.layers.roadShapes;
    layers.gridShapes = config.layers.gridShapes;
    // Street and grid names lie under the units, so a name never hides a unit or its
    // call sign; units lie under the key places and incidents.
    var labelPane = map.createPane("cm-labels");
    labelPane.style.zIndex = 420;
    labelPane.style.pointerEvents = "none";
    map.createPane("cm-units").style.zIndex = 450;  // above the shapes, below the markers
    unitRenderer = new UnitCanvas({pane: "cm-units", padding: 0.2});
    map.attributionControl.setPrefix("Leaflet");
    L.control.scale({imperial: false, position: "bottomleft"}).addTo(map);
    if (config.credit) { map.attributionControl.addAttribution(esc(config.credit)); }
    if (strings.legend) {
      legend = new LegendControl();
      legend.addTo(map);
    }
    setTheme(config.theme);

    config.places.forEach(function (p) {
      var glyph = config.placeGlyphs[p.kind] || "●";
      L.marker([p.lat, p.lon], {
        icon: L.divIcon({className: "cm-place cm-k-" + p.kind + " cm-tier-" +
                                    (config.placeTiers[p.kind] || 2),
                         iconSize: [18, 18], iconAnchor: [9, 9], html: esc(glyph)}),
        keyboard: false, bubblingMouseEvents: false
      }).bindTooltip("<b>" + esc(p.name) + "</b><br>" + esc(config.placeKinds[p.kind] || p.kind),
                     {direction: "top", offset: [0, -10], className: "cm-tip"})
        .addTo(layers.places);
    });
    config.roadLabels.forEach(function (l) {
      L.marker([l.lat, l.lon], {
        icon: L.divIcon({className: "cm-road-label", iconSize: null,
                         html: '<span style="transform: translate(-50%, -50%) rotate(' +
                               l.angle + 'deg)">' + esc(l.name) + "</span>"}),
        interactive: false, keyboard: false, pane: "cm-labels"
      }).addTo(layers.roads);
    });
    config.gridLabels.forEach(function (l) {
      L.marker([l.lat, l.lon], {
        icon: L.divIcon({className: "cm-grid-label", iconSize: null,
                         html: "<span>" + esc(l.name) + "</span>"}),
        interactive: false, keyboard: false, pane: "cm-labels"
      }).addTo(layers.grids);
    });
    // The whole jurisdiction in view, also after the dock is resized, until the officer
    // moves or zooms the map by hand.
    map.options.zoomSnap = 0.25;
    var bounds = layers.gridShapes.getBounds(), autoFit = bounds.isValid();
    function fit() { if (autoFit) { map.fitBounds(bounds, {padding: [8, 8], animate: false}); } }
    fit();
    map.on("resize", fit);
    ["mousedown", "wheel", "keydown", "touchstart"].forEach(function (type) {
      map.getContainer().addEventListener(type, function () { autoFit = false; }, true);
    });
    map.on("zoomend", zoomClass);
    zoomClass();
    map.on("click", function (e) {
      if (bridge) { bridge.mapClicked(e.latlng.lng, e.latlng.lat); }
    });
    setInterval(function () {
      Object.keys(incidents).forEach(function (id) { restyleIncident(incidents[id]); });
    }, 1000);
    setInterval(function () { map.getContainer().classList.toggle("cm-pulse-off"); }, 700);

    if (typeof QWebChannel !== "undefined" && typeof qt !== "undefined") {
      new QWebChannel(qt.webChannelTransport, function (channel) {
        bridge = channel.objects.bridge;
        bridge.pageReady();
      });
    }
  }

  window.consoleMap = {
    init: init,
    apply: wrap(apply),
    select: wrap(select),
    setRings: wrap(setRings),
    setGridCoverage: wrap(setGridCoverage),
    setHeat: wrap(setHeat),
    setPending: wrap(setPending),
    setTheme: wrap(setTheme),
    snapshot: wrap(snapshot),
    markerPoint: wrap(function (arg) { return markerPoint(arg.kind, arg.id); }),
    clickAt: wrap(clickAt),
    hoverAt: wrap(hoverAt),
    openTooltips: wrap(openTooltips),
    ready: function () { return bridge !== null; },
    frameStats: wrap(function () {
      // How long the units' canvas takes to draw (benchmarks, diagnostics).
      var t0 = performance.now();
      unitRenderer._redrawBounds = null;
      unitRenderer._redraw();
      return {drawMs: Math.round((performance.now() - t0) * 100) / 100, units: unitCount};
    })
  };
})();
