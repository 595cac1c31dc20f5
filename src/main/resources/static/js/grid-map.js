// The map page of a grid (/grid/{id}/map): shows the grid's boundary and its children's on a base map
// (or, without tiles, on a blank canvas), and lets staff draw a new boundary by clicking its corners.
// Coordinates here are in the base map's datum; the server converts GCJ-02 to WGS-84 and back.
(function () {
  function start() {
    var el = document.getElementById('grid-map');
    if (!el || typeof L === 'undefined') {
      return;
    }
    var map = L.map(el, { zoomControl: true, attributionControl: !!el.dataset.attribution });
    var tiles = el.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 19, subdomains: el.dataset.subdomains || 'abc', attribution: el.dataset.attribution || '' }).addTo(map);
    } else {
      el.classList.add('blank');
    }
    var bounds = L.latLngBounds([]);
    document.querySelectorAll('#outlines li').forEach(function (li) {
      try {
        var layer = L.geoJSON(JSON.parse(li.dataset.geojson), { style: { color: '#2c4a7a', weight: 1, fillOpacity: 0.05 } })
          .bindTooltip(li.dataset.name, { sticky: true }).addTo(map);
        bounds.extend(layer.getBounds());
      } catch (e) { /* a child without a usable boundary is left out */ }
    });
    if (el.dataset.boundary) {
      var own = L.geoJSON(JSON.parse(el.dataset.boundary), { style: { color: '#b22222', weight: 3, fillOpacity: 0.08 } })
        .bindTooltip(el.dataset.name).addTo(map);
      bounds.extend(own.getBounds());
    }
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16] });
    } else {
      map.setView([30.6598, 104.0657], 14); // Chengdu, until something is drawn
    }

    var form = document.getElementById('draw-form');
    if (!form) {
      return;
    }
    var points = [];
    var shape = null;
    var markers = L.layerGroup().addTo(map);
    function redraw() {
      if (shape) {
        map.removeLayer(shape);
      }
      markers.clearLayers();
      points.forEach(function (p) {
        L.circleMarker(p, { radius: 5, color: '#b22222', fillOpacity: 1 }).addTo(markers);
      });
      if (points.length >= 3) {
        shape = L.polygon(points, { color: '#1e7e34', weight: 2, dashArray: '4 4' }).addTo(map);
      } else if (points.length === 2) {
        shape = L.polyline(points, { color: '#1e7e34', weight: 2 }).addTo(map);
      } else {
        shape = null;
      }
      document.getElementById('draw-points').value = points.map(function (p) {
        return p.lat.toFixed(7) + ',' + p.lng.toFixed(7);
      }).join(';');
      document.getElementById('draw-count').textContent = points.length;
      document.getElementById('draw-save').disabled = points.length < 3;
    }
    map.on('click', function (e) {
      points.push(e.latlng);
      redraw();
    });
    document.getElementById('draw-undo').addEventListener('click', function () {
      points.pop();
      redraw();
    });
    document.getElementById('draw-reset').addEventListener('click', function () {
      points = [];
      redraw();
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
