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
  var FAN_PX = 19;      // a unit at an incident is drawn this far from the incident's centre
  var UNIT_PAD_PX = LABEL_PX + FAN_PX;  // redraw bounds: the label may sit on any side

  function unitsLabelled() {
    var z = map.getZoom();
    return z >= 17 || (z >= 14 && unitCount <= LABELS_UP_TO);
  }

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
      var pad = this._radius + this._clickTolerance() + HEADING_PX + UNIT_PAD_PX;
      this._pxBounds = new L.Bounds(
        this._point.subtract([pad, pad]),
        this._point.add([pad, pad])
      );
    },

    // Where the unit is drawn: its point, or beside the incident it stands at (the
    // incident's disc would hide it), see declutter().
    _drawPoint: function () {
      var o = this._fan;
      return o ? L.point(this._point.x + o.x, this._point.y + o.y) : this._point;
    },

    _containsPoint: function (p) {
      return p.distanceTo(this._drawPoint()) <= this._radius + this._clickTolerance();
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
          shapePath(ctx, members[k]._drawPoint(), members[k]._radius, members[k].rec.kind);
        }
        ctx.fillStyle = colours[g];
        ctx.fill();
        ctx.lineWidth = 2; ctx.strokeStyle = theme.outline;
        ctx.stroke();
        ctx.beginPath();
        for (k = 0; k < members.length; k++) {
          m = members[k];
          if (m.rec.hd !== null && m.rec.hd !== undefined) {
            headingPath(ctx, m._drawPoint(), m._radius, m.rec.hd);
          }
        }
        ctx.lineWidth = 2.5; ctx.strokeStyle = colours[g];
        ctx.stroke();
      }
      if (unitsLabelled()) {
        ctx.font = UNIT_FONT();
        ctx.lineWidth = 3; ctx.strokeStyle = theme.halo; ctx.fillStyle = theme.text;
        // Each call sign where declutter() found it room (right, left, above or below its
        // unit); one that found none is left out, the tooltip still names the unit.
        for (k = 0; k < list.length; k++) {
          m = list[k];
          if (!m.rec || !m._point || !m._lbl || m._lbl.cs !== m.rec.cs) { continue; }
          var q = m._drawPoint();
          ctx.strokeText(m.rec.cs, q.x + m._lbl.x, q.y + m._lbl.y);
          ctx.fillText(m.rec.cs, q.x + m._lbl.x, q.y + m._lbl.y);
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
      var pad = m._radius + m._clickTolerance() + HEADING_PX + UNIT_PAD_PX;
      b.min.x = p.x - pad; b.min.y = p.y - pad;
      b.max.x = p.x + pad; b.max.y = p.y + pad;
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
      scheduleDeclutter();
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
    scheduleDeclutter();
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
      // The fills stay light enough for the streets to read through them (the light
      // theme's 黑 is mostly its heavy edge: a dark veil there greys out the roads).
      var fills = theme.coverageFill || {};
      layer.setStyle({
        color: edge, weight: level === "black" ? 3 : level ? 2 : 1.5, opacity: 0.9,
        dashArray: level ? null : "6 4", fillColor: level ? tone : theme.gridLine,
        fillOpacity: level ? (fills[level] !== undefined ? fills[level] : 0.12) : 0.03
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
    root.setProperty("--cm-road-text", t.roadText || t.muted);
    root.setProperty("--cm-grid-text", t.gridText || t.text);
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

  // --- declutter: every name where it can be read, or not at all ----------------------
  //
  // After each pan, zoom or delta (at most once a frame) the names on the map are placed
  // in order of importance, each only where it overlaps nothing placed before it
  // (RBush, a spatial index of the boxes taken): incidents and units first, then the
  // units' call signs (right, left, above or below), the main key places, grid names,
  // main-road names, side-street names, and the other key places last. A unit standing
  // at an incident is drawn beside the incident's disc, not under it.

  var labelItems = [];  // DOM names that give way: {marker, rank, minZoom, w, h, angle}
  var RANK = {place1: 1, grid: 2, roadMajor: 3, road: 4, place2: 5};
  var UNIT_FONT = function () { return "600 12px " + theme.font; };
  var measurer = null;
  var declutterRequest = null;
  var declutterStats = {units: 0, unitLabels: 0, shown: 0, hidden: 0, fanned: 0};

  function textWidth(text, font) {
    if (!measurer) { measurer = document.createElement("canvas").getContext("2d"); }
    measurer.font = font;
    return measurer.measureText(text).width;
  }

  function addLabelItem(marker, rank, minZoom, text, font, h, angle) {
    labelItems.push({marker: marker, rank: rank, minZoom: minZoom,
                     w: text === null ? h : textWidth(text, font) + 4, h: h, angle: angle || 0,
                     off: false});
  }

  function box(x0, y0, x1, y1, owner) {
    return {minX: x0, minY: y0, maxX: x1, maxY: y1, owner: owner};
  }

  // A name's boxes at container point c: one box when level, a chain of squares along
  // the text when turned with its street (a diagonal name's bounding box would take a
  // whole block).
  function labelBoxes(item, c) {
    var w = item.w, h = item.h;
    if (Math.abs(item.angle) < 8) { return [box(c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2)]; }
    var a = item.angle * Math.PI / 180, dx = Math.cos(a), dy = Math.sin(a);
    var n = Math.max(1, Math.ceil(w / h)), out = [], half = h / 2;
    for (var k = 0; k < n; k++) {
      var t = (k + 0.5) * (w / n) - w / 2;
      out.push(box(c.x + dx * t - half, c.y + dy * t - half, c.x + dx * t + half, c.y + dy * t + half));
    }
    return out;
  }

  // A call sign written from (x, y) on its baseline, 12 px high.
  function callSignBox(x, y, w) { return box(x - 1, y - 12, x + w + 1, y + 3); }

  function scheduleDeclutter() {
    if (!map || declutterRequest) { return; }
    declutterRequest = L.Util.requestAnimFrame(function () {
      declutterRequest = null;
      declutter();
    });
  }

  function setOff(item, off) {
    if (item.off === off) { return; }
    item.off = off;
    var el = item.marker.getElement && item.marker.getElement();
    if (el) { el.classList.toggle("cm-off", off); }
  }

  function declutter() {
    if (!map || !map._loaded) { return; }
    var tree = new RBush(), size = map.getSize(), z = map.getZoom(), k;
    var view = box(-40, -40, size.x + 40, size.y + 40);
    var inView = function (c) { return c.x > view.minX && c.x < view.maxX && c.y > view.minY && c.y < view.maxY; };
    var stats = {units: 0, unitLabels: 0, shown: 0, hidden: 0, fanned: 0};
    // Incidents (DOM discs, 18 px, plus the overdue ring).
    var incidentBoxes = [];
    if (map.hasLayer(layers.incidents)) {
      Object.keys(incidents).forEach(function (id) {
        var c = map.latLngToContainerPoint(incidents[id].getLatLng());
        if (inView(c)) { incidentBoxes.push(box(c.x - 11, c.y - 11, c.x + 11, c.y + 11, c)); }
      });
      tree.load(incidentBoxes);
    }
    // Units: drawn beside an incident they stand at, then their shapes.
    var shown = [], unitsOn = map.hasLayer(layers.units) && unitRenderer._map;
    var fans = [];  // per incident point: how many units already fanned out around it
    if (unitsOn) {
      var origin = map.latLngToContainerPoint(map.layerPointToLatLng([0, 0]));
      Object.keys(units).forEach(function (id) {
        var m = units[id];
        if (!m._point) { return; }
        var c = L.point(m._point.x + origin.x, m._point.y + origin.y);
        m._fan = null;
        if (!inView(c)) { m._lbl = null; return; }
        var hits = tree.search(box(c.x - 6, c.y - 6, c.x + 6, c.y + 6)).filter(function (h) {
          return h.owner;  // an incident's disc (units' boxes have no owner)
        });
        if (hits.length) {
          var at = hits[0].owner, n = 0;
          for (var f = 0; f < fans.length; f++) { if (fans[f].at === at) { n = ++fans[f].n; break; } }
          if (f === fans.length) { fans.push({at: at, n: 0}); }
          var a = (-45 + 60 * n) * Math.PI / 180;  // upper right first, then round the disc
          var ox = Math.round(at.x + Math.cos(a) * FAN_PX - c.x);
          var oy = Math.round(at.y + Math.sin(a) * FAN_PX - c.y);
          m._fan = {x: ox, y: oy};
          c = L.point(c.x + ox, c.y + oy);
          stats.fanned++;
        }
        var r = m._radius + 1;
        shown.push({m: m, c: c});
        stats.units++;
        tree.insert(box(c.x - r, c.y - r, c.x + r, c.y + r));
      });
    }
    // Call signs: right of the unit, else left, above, below.
    var labelled = unitsOn && unitsLabelled();
    for (k = 0; k < shown.length; k++) {
      var m = shown[k].m, c = shown[k].c, lbl = null;
      if (labelled) {
        var w = textWidth(m.rec.cs, UNIT_FONT()), r = m._radius;
        var tries = [[r + 4, 4], [-r - 4 - w, 4], [-w / 2, -r - 5], [-w / 2, r + 14]];
        for (var t = 0; t < tries.length; t++) {
          var x = c.x + tries[t][0], y = c.y + tries[t][1];
          var b = callSignBox(x, y, w);
          if (!tree.collides(b)) { tree.insert(b); lbl = {x: tries[t][0], y: tries[t][1], cs: m.rec.cs}; break; }
        }
        if (lbl) { stats.unitLabels++; }
      }
      m._lbl = lbl;
    }
    // The names on the page, most important first.
    for (k = 0; k < labelItems.length; k++) {
      var item = labelItems[k];
      if (!item.marker._map || z < item.minZoom) { setOff(item, true); continue; }
      var p = map.latLngToContainerPoint(item.marker.getLatLng());
      if (!inView(p)) { setOff(item, true); continue; }
      var boxes = labelBoxes(item, p), free = true;
      for (var j = 0; j < boxes.length && free; j++) { free = !tree.collides(boxes[j]); }
      if (free) { boxes.forEach(function (bx) { tree.insert(bx); }); stats.shown++; } else { stats.hidden++; }
      setOff(item, !free);
    }
    declutterStats = stats;
    var rr = unitRenderer;
    if (rr && rr._map) {
      rr._redrawBounds = null;
      if (!rr._redrawRequest) { rr._redrawRequest = L.Util.requestAnimFrame(rr._redraw, rr); }
    }
  }

  // Every name shown, with its box on the screen (tests: nothing overlaps).
  function shownLabels() {
    var out = [], origin = map.latLngToContainerPoint(map.layerPointToLatLng([0, 0]));
    labelItems.forEach(function (item) {
      if (item.off || !item.marker._map) { return; }
      var p = map.latLngToContainerPoint(item.marker.getLatLng());
      out.push({kind: item.rank, boxes: labelBoxes(item, p)});
    });
    Object.keys(units).forEach(function (id) {
      var m = units[id];
      if (!m._point || !m._map) { return; }
      var q = m._drawPoint(), c = {x: q.x + origin.x, y: q.y + origin.y}, r = m._radius + 1;
      out.push({kind: "unit", id: m.rec.id, boxes: [box(c.x - r, c.y - r, c.x + r, c.y + r)]});
      if (m._lbl && unitsLabelled()) {
        var w = textWidth(m.rec.cs, UNIT_FONT()), x = c.x + m._lbl.x, y = c.y + m._lbl.y;
        out.push({kind: "callSign", id: m.rec.id, boxes: [callSignBox(x, y, w)]});
      }
    });
    Object.keys(incidents).forEach(function (id) {
      var c = map.latLngToContainerPoint(incidents[id].getLatLng());
      out.push({kind: "incident", id: Number(id), boxes: [box(c.x - 11, c.y - 11, c.x + 11, c.y + 11)]});
    });
    return {labels: out, stats: declutterStats, zoom: map.getZoom(),
            size: {x: map.getSize().x, y: map.getSize().y}};
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
  var placeLegend = [];  // [{kind, glyph}, name] of the key-place kinds this station has

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
      (placeLegend.length ? "<h4>" + esc(l.places) + "</h4>" +
        '<div class="cm-legend-grid">' + legendRows(placeLegend, function (p) {
          return '<i class="cm-place cm-legend-place cm-k-' + esc(p.kind) + '">' +
            esc(p.glyph) + "</i>";
        }) + "</div>" : "") +
      "<h4>" + esc(l.rings) + "</h4>" +
      legendRows((l.ringLevels || []), function (minutes) {
        var tone = theme.rings[String(minutes)] || theme.rings["5"];
        return '<i class="cm-swatch cm-swatch-ring" style="border-color:' + tone +
          ";background:" + tone + '33"></i>';
      }) +
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
      var pad = m._radius + m._clickTolerance() + HEADING_PX + UNIT_PAD_PX;
      if (!m._point || !m._point.equals(p) || !b || b.min.x !== p.x - pad ||
          b.max.y !== p.y + pad || b.max.x !== p.x + pad) { count++; }
    });
    return count;
  }

  function markerPoint(kind, id) {
    var m = (kind === "unit" ? units : incidents)[id];
    if (!m) { return {found: false}; }
    var p = map.latLngToContainerPoint(m.getLatLng());
    if (kind === "unit" && m._fan) { p = p.add([m._fan.x, m._fan.y]); }  // drawn beside
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

    var placeMarkers = [], roadMarkers = [], gridMarkers = [];
    var seenKinds = {};
    config.places.forEach(function (p) {
      var glyph = config.placeGlyphs[p.kind] || "●";
      if (!seenKinds[p.kind]) {
        seenKinds[p.kind] = true;
        placeLegend.push([{kind: p.kind, glyph: glyph}, config.placeKinds[p.kind] || p.kind]);
      }
      var tier = config.placeTiers[p.kind] || 2;
      placeMarkers.push([tier, L.marker([p.lat, p.lon], {
        icon: L.divIcon({className: "cm-place cm-k-" + p.kind + " cm-tier-" +
                                    (config.placeTiers[p.kind] || 2),
                         iconSize: [18, 18], iconAnchor: [9, 9], html: esc(glyph)}),
        keyboard: false, bubblingMouseEvents: false
      }).bindTooltip("<b>" + esc(p.name) + "</b><br>" + esc(config.placeKinds[p.kind] || p.kind),
                     {direction: "top", offset: [0, -10], className: "cm-tip"})
        .addTo(layers.places)]);
    });
    placeLegend.sort(function (a, b) {
      return (config.placeTiers[a[0].kind] || 2) - (config.placeTiers[b[0].kind] || 2);
    });
    renderLegend();
    config.roadLabels.forEach(function (l) {
      roadMarkers.push([l, L.marker([l.lat, l.lon], {
        icon: L.divIcon({className: "cm-road-label", iconSize: null,
                         html: '<span style="transform: translate(-50%, -50%) rotate(' +
                               l.angle + 'deg)">' + esc(l.name) + "</span>"}),
        interactive: false, keyboard: false, pane: "cm-labels"
      }).addTo(layers.roads)]);
    });
    config.gridLabels.forEach(function (l) {
      gridMarkers.push([l, L.marker([l.lat, l.lon], {
        icon: L.divIcon({className: "cm-grid-label", iconSize: null,
                         html: "<span>" + esc(l.name) + "</span>"}),
        interactive: false, keyboard: false, pane: "cm-labels"
      }).addTo(layers.grids)]);
    });
    // Most important first (declutter places them in this order): the main key places
    // (police, schools, hospitals, subway) from station zoom, grid names, main-road and
    // then side-street names from street level, the other key places last.
    var font = theme.font;
    placeMarkers.forEach(function (pm) {
      if (pm[0] === 1) { addLabelItem(pm[1], RANK.place1, 14, null, null, 18); }
    });
    gridMarkers.forEach(function (gm) {
      addLabelItem(gm[1], RANK.grid, 14, gm[0].name, "600 13px " + font, 18);
    });
    roadMarkers.forEach(function (rm) {
      if (rm[0].major) { addLabelItem(rm[1], RANK.roadMajor, 15, rm[0].name, "12px " + font, 16, rm[0].angle); }
    });
    roadMarkers.forEach(function (rm) {
      if (!rm[0].major) { addLabelItem(rm[1], RANK.road, 16, rm[0].name, "12px " + font, 16, rm[0].angle); }
    });
    placeMarkers.forEach(function (pm) {
      if (pm[0] !== 1) { addLabelItem(pm[1], RANK.place2, pm[0] === 3 ? 17 : 16, null, null, 18); }
    });
    // A name gets its element when its layer is shown: hidden until declutter says.
    labelItems.forEach(function (item) {
      item.marker.on("add", function () { item.off = null; setOff(item, true); scheduleDeclutter(); });
      setOff(item, true);
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
    map.on("moveend zoomend resize overlayadd overlayremove", scheduleDeclutter);
    scheduleDeclutter();
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
    shownLabels: wrap(shownLabels),
    declutterNow: wrap(function () { declutter(); return declutterStats; }),
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
