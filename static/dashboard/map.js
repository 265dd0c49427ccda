/* IKM map: desa polygons from our own GeoJSON view, no tiles, nothing from the internet.
 *
 * Kecamatan are drawn from their desa: each desa is filled with its kecamatan's figure
 * (its own border in the same colour) and the kecamatan outlines are derived from the desa
 * edges (kecamatanBorders), so one GeoJSON with desa serves both levels.
 */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var labels = JSON.parse(document.getElementById("map-labels").textContent);
  var status = document.getElementById("map-status");
  var levelSelect = document.getElementById("map-level");
  var metricSelect = document.getElementById("map-metric");
  var COLOURS = ["#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"];
  var EMPTY = "#ffffff";
  var number = new Intl.NumberFormat("id-ID");
  var compact = new Intl.NumberFormat("id-ID", { notation: "compact", maximumFractionDigits: 1 });

  // A view from the start: without tiles Leaflet has none until one is set, and vector
  // layers cannot be drawn before it.
  var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, minZoom: 8, maxZoom: 15 }).setView([-6.95, 111.9], 10);
  var data = null, fillLayer = null, outlineLayer = null, legend = null, outlines = null;

  function figure(props, level, metric) {
    if (level === "kecamatan") { return metric === "nilai" ? props.kecamatan_nilai : props.kecamatan_ikm; }
    return metric === "nilai" ? props.nilai : props.ikm;
  }

  function breaks(values) {
    var positive = values.filter(function (v) { return v > 0; }).sort(function (a, b) { return a - b; });
    if (!positive.length) { return []; }
    var result = [];
    for (var i = 1; i < COLOURS.length - 1; i++) {
      var v = positive[Math.floor((positive.length - 1) * i / (COLOURS.length - 1))];
      if (result.indexOf(v) === -1) { result.push(v); }
    }
    return result;
  }

  function colour(v, limits) {
    if (!v) { return EMPTY; }
    var i = 0;
    while (i < limits.length && v > limits[i]) { i++; }
    return COLOURS[Math.min(i + 1, COLOURS.length - 1)];
  }

  function format(v, metric) {
    return metric === "nilai" ? "Rp" + compact.format(v) : number.format(v);
  }

  function inside(point, rings) {
    // Ray casting over a polygon's rings (holes included): odd crossings = inside.
    var x = point[0], y = point[1], hit = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
        if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { hit = !hit; }
      }
    });
    return hit;
  }

  function kecamatanBorders(features) {
    // Kecamatan outlines from their desa, without a geometry library. An edge that two desa
    // of different kecamatan share is a border; one that two desa of the same kecamatan
    // share is not. An edge used once is the kabupaten's edge, or a place where neighbours'
    // vertices do not line up: it is kept unless the kecamatan lies on both sides of it.
    var polygons = {}, edges = {};
    features.forEach(function (f) {
      var k = f.properties.kecamatan_kode;
      var g = f.geometry;
      (g.type === "MultiPolygon" ? g.coordinates : [g.coordinates]).forEach(function (polygon) {
        var box = [Infinity, Infinity, -Infinity, -Infinity];
        polygon[0].forEach(function (p) {
          box = [Math.min(box[0], p[0]), Math.min(box[1], p[1]), Math.max(box[2], p[0]), Math.max(box[3], p[1])];
        });
        (polygons[k] = polygons[k] || []).push({ rings: polygon, box: box });
        polygon.forEach(function (ring) {
          for (var i = 0; i < ring.length - 1; i++) {
            var a = ring[i].join(","), b = ring[i + 1].join(",");
            var key = a < b ? a + "|" + b : b + "|" + a;
            var edge = edges[key];
            if (edge) { edge.others.push(k); } else { edges[key] = { k: k, others: [], ends: [ring[i], ring[i + 1]] }; }
          }
        });
      });
    });
    function inKecamatan(k, point) {
      return polygons[k].some(function (p) {
        return point[0] >= p.box[0] && point[0] <= p.box[2] && point[1] >= p.box[1] && point[1] <= p.box[3] && inside(point, p.rings);
      });
    }
    var kept = {};
    Object.keys(edges).forEach(function (key) {
      var edge = edges[key];
      if (edge.others.length) {
        if (edge.others.some(function (k) { return k !== edge.k; })) { kept[key] = edge.ends; }
        return;
      }
      var a = edge.ends[0], b = edge.ends[1];
      var dx = b[0] - a[0], dy = b[1] - a[1], length = Math.sqrt(dx * dx + dy * dy) || 1;
      var mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], eps = 0.0002;
      var left = [mid[0] - dy / length * eps, mid[1] + dx / length * eps];
      var right = [mid[0] + dy / length * eps, mid[1] - dx / length * eps];
      if (!(inKecamatan(edge.k, left) && inKecamatan(edge.k, right))) { kept[key] = edge.ends; }
    });
    var at = {};
    Object.keys(kept).forEach(function (key) {
      kept[key].forEach(function (p) { (at[p.join(",")] = at[p.join(",")] || []).push(key); });
    });
    var used = {}, lines = [];
    Object.keys(kept).forEach(function (start) {
      if (used[start]) { return; }
      used[start] = true;
      var line = [kept[start][0], kept[start][1]];
      var tip = kept[start][1].join(",");
      for (;;) {
        var next = (at[tip] || []).filter(function (key) { return !used[key]; })[0];
        if (!next) { break; }
        used[next] = true;
        var far = kept[next][0].join(",") === tip ? kept[next][1] : kept[next][0];
        line.push(far);
        tip = far.join(",");
      }
      lines.push(line.map(function (p) { return [p[1], p[0]]; }));
    });
    return lines;
  }

  function popup(props, level, year) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    var isKecamatan = level === "kecamatan";
    title.textContent = isKecamatan ? labels.kecamatan + " " + props.kecamatan : props.nama + ", " + labels.kecamatan + " " + props.kecamatan;
    box.appendChild(title);
    [[labels.ikm, number.format(isKecamatan ? props.kecamatan_ikm : props.ikm)],
     [labels.value + " " + year, isKecamatan ? props.kecamatan_nilai_teks : props.nilai_teks]].forEach(function (row) {
      var line = document.createElement("div");
      line.textContent = row[0] + ": " + row[1];
      box.appendChild(line);
    });
    var link = document.createElement("a");
    link.href = isKecamatan ? props.kecamatan_url : props.url;
    link.textContent = labels.list;
    box.appendChild(link);
    return box;
  }

  function showLegend(limits, metric) {
    if (legend) { legend.remove(); }
    legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "map-legend");
      var rows = [[EMPTY, "0 / " + labels.none]];
      var low = 0;
      limits.concat([Infinity]).forEach(function (limit, i) {
        var text = limit === Infinity ? "> " + format(low, metric) : (i === 0 ? "≤ " : format(low, metric) + "–") + format(limit, metric);
        rows.push([COLOURS[i + 1], text]);
        low = limit;
      });
      if (!limits.length) { rows = [[EMPTY, "0"]]; }
      rows.forEach(function (row) {
        var line = L.DomUtil.create("div", "", box);
        var swatch = L.DomUtil.create("span", "swatch", line);
        swatch.style.background = row[0];
        line.appendChild(document.createTextNode(row[1]));
      });
      return box;
    };
    legend.addTo(map);
  }

  function draw(fit) {
    var level = levelSelect.value, metric = metricSelect.value;
    var features = data.features.filter(function (f) { return f.properties.level === "desa"; });
    var limits = breaks(features.map(function (f) { return figure(f.properties, level, metric) || 0; }));
    map.closePopup();
    if (fillLayer) { fillLayer.remove(); }
    if (outlineLayer) { outlineLayer.remove(); outlineLayer = null; }
    fillLayer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: function (f) {
        var fill = colour(figure(f.properties, level, metric), limits);
        return level === "kecamatan"
          ? { fillColor: fill, fillOpacity: 0.9, color: fill, weight: 0.6, opacity: 1 }
          : { fillColor: fill, fillOpacity: 0.9, color: "#6c7a71", weight: 0.6, opacity: 0.8 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip((level === "kecamatan" ? p.kecamatan : p.nama) + ": " + format(figure(p, level, metric), metric), { sticky: true });
        layer.on("click", function (event) {
          layer.closeTooltip();
          L.popup().setLatLng(event.latlng).setContent(popup(p, level, data.tahun)).openOn(map);
        });
      }
    });
    if (fit) { map.fitBounds(fillLayer.getBounds(), { padding: [8, 8] }); }
    fillLayer.addTo(map);
    if (level === "kecamatan") {
      outlines = outlines || kecamatanBorders(features);
      outlineLayer = L.polyline(outlines, { color: "#1f3d2b", weight: 1.4, interactive: false }).addTo(map);
    }
    showLegend(limits, metric);
  }

  fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(function (json) {
      data = json;
      status.textContent = labels.loaded.replace("%(year)s", json.tahun);
      draw(true);
      levelSelect.addEventListener("change", function () { draw(false); });
      metricSelect.addEventListener("change", function () { draw(false); });
    })
    .catch(function (error) {
      status.textContent = labels.failed;
      if (window.console) { console.error(error); }
    });
})();
