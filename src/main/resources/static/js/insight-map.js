// The map of a grid (/insight/map): a plain vector base (boundaries, buildings, names) under the configured tiles, or
// alone when there are none or they fail to load; one layer at a time (demands, hazards, heat, coverage) fetched as
// GeoJSON from /api/insight/map/{layer}. Every marker and area opens a popup with its figures in words, each a link to
// the list behind it; the same lines are listed under the map. Coordinates arrive in the tiles' datum (crs=gcj02 when
// the tiles are GCJ-02), so nothing is converted here.
(function () {
  function start() {
    var el = document.getElementById('insight-map');
    if (!el || typeof L === 'undefined') {
      return;
    }
    var ds = el.dataset;
    var map = L.map(el, { zoomControl: true, attributionControl: !!ds.attribution });
    var fallback = document.getElementById('map-fallback');
    var baseNote = document.getElementById('map-base-note');

    // tiles when configured; after a few failures and no success (or nothing within 8 s) the vector base stands alone
    if (ds.tiles) {
      var loaded = 0;
      var failed = 0;
      var tiles = L.tileLayer(ds.tiles, { maxZoom: 19, subdomains: ds.subdomains || 'abc', attribution: ds.attribution || '' });
      var giveUp = function () {
        if (loaded === 0 && map.hasLayer(tiles)) {
          map.removeLayer(tiles);
          el.classList.add('blank');
          fallback.hidden = false;
          if (baseNote) {
            baseNote.hidden = true;
          }
        }
      };
      tiles.on('tileload', function () { loaded++; });
      tiles.on('tileerror', function () {
        failed++;
        if (failed >= 3) {
          giveUp();
        }
      });
      tiles.addTo(map);
      window.setTimeout(giveUp, 8000);
    } else {
      el.classList.add('blank');
    }

    var state = {
      grid: ds.grid,
      layer: document.getElementById('opt-layer').value,
      measure: document.getElementById('opt-measure').value,
      from: document.getElementById('opt-from').value,
      to: document.getElementById('opt-to').value,
      campaign: document.getElementById('opt-campaign').value
    };
    var crs = ds.crs === 'gcj02' ? 'gcj02' : 'wgs84';
    var baseGroup = L.layerGroup().addTo(map);
    var overlay = L.layerGroup().addTo(map);
    var fitted = false;

    function url(layer) {
      var q = 'gridId=' + encodeURIComponent(state.grid) + '&crs=' + crs;
      if (layer === 'heat') {
        q += '&measure=' + encodeURIComponent(state.measure) + '&from=' + encodeURIComponent(state.from) + '&to=' + encodeURIComponent(state.to);
      }
      if (layer === 'coverage' && state.campaign) {
        q += '&campaignId=' + encodeURIComponent(state.campaign);
      }
      return ds.api + layer + '?' + q;
    }

    function fetchLayer(layer) {
      return fetch(url(layer), { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) {
          throw new Error(String(r.status));
        }
        return r.json();
      });
    }

    function text(tag, value, cls) {
      var n = document.createElement(tag);
      n.textContent = value;
      if (cls) {
        n.className = cls;
      }
      return n;
    }

    function lineNode(line) {
      if (line.href) {
        var a = text('a', line.text);
        a.href = line.href;
        return a;
      }
      return text('span', line.text);
    }

    // a feature's popup: its name, each figure (a link to its list), and for an area the link to its own map
    function popup(p) {
      var box = document.createElement('div');
      box.className = 'map-popup';
      box.appendChild(text('strong', p.name));
      var ul = document.createElement('ul');
      (p.lines || []).forEach(function (l) {
        var li = document.createElement('li');
        li.appendChild(lineNode(l));
        ul.appendChild(li);
      });
      if (p.mapHref) {
        var li = document.createElement('li');
        li.appendChild(lineNode({ text: ds.gridMap, href: p.mapHref }));
        ul.appendChild(li);
      }
      box.appendChild(ul);
      return box;
    }

    var areaCount = 0;
    var buildingCount = 0;

    // the vector base: the grid's outline, its areas with their names, the buildings as dots (named on the base tab)
    function drawBase(fc) {
        var bounds = L.latLngBounds([]);
        fc.features.forEach(function (f) {
          if (!f.geometry) {
            return;
          }
          var p = f.properties;
          if (p.kind === 'building') {
            var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
            var dot = L.circleMarker(ll, { radius: 3, color: '#6b7785', weight: 1, fillColor: '#c9d1da', fillOpacity: 1, interactive: false })
              .addTo(baseGroup);
            if (p.label) {
              dot.bindTooltip(p.label, { permanent: true, direction: 'right', className: 'map-label building-label' });
            }
            buildingCount++;
            bounds.extend(ll);
          } else {
            var g = L.geoJSON(f.geometry, {
              interactive: false,
              style: p.kind === 'self' ? { color: '#2c4a7a', weight: 2, fill: false }
                : { color: '#7f8ea3', weight: 1, fillColor: '#ffffff', fillOpacity: 0.6 }
            }).addTo(baseGroup);
            if (p.kind === 'grid' && p.label) {
              g.bindTooltip(p.label, { permanent: true, direction: 'center', className: 'map-label base-label' });
              areaCount++;
            }
            bounds.extend(g.getBounds());
          }
        });
        if (!fitted) {
          if (bounds.isValid()) {
            map.fitBounds(bounds, { padding: [12, 12] });
          } else {
            map.setView([30.6598, 104.0657], 14); // Chengdu, until something has a place
          }
          fitted = true;
        }
        labels();
    }

    // names of the base stay off where the layer labels its own areas, and where they would crowd the map
    function labels() {
      var close = map.getZoom() >= 17;
      el.classList.toggle('show-base-labels', (state.layer === 'demands' || state.layer === 'hazards' || state.layer === 'base')
        && (areaCount <= 8 || close));
      el.classList.toggle('show-building-labels', state.layer === 'base' && (buildingCount <= 30 || close));
    }
    map.on('zoomend', labels);

    function drawLayer(fc) {
      overlay.clearLayers();
      var list = document.getElementById('map-list');
      var legend = document.getElementById('map-legend');
      var notes = document.getElementById('map-notes');
      list.innerHTML = '';
      legend.innerHTML = '';
      notes.innerHTML = '';
      document.getElementById('map-title').textContent = fc.title;
      (fc.legend || []).forEach(function (e) {
        var li = document.createElement('li');
        var sw = text('span', '', 'swatch');
        sw.style.background = e.colour;
        li.appendChild(sw);
        li.appendChild(text('span', e.text));
        legend.appendChild(li);
      });
      (fc.notes || []).forEach(function (n) {
        var li = document.createElement('li');
        li.appendChild(lineNode(n));
        notes.appendChild(li);
      });
      if (fc.layer === 'coverage') {
        var sel = document.getElementById('opt-campaign');
        sel.innerHTML = '';
        (fc.campaigns || []).forEach(function (c) {
          var o = text('option', c.title);
          o.value = c.id;
          o.selected = c.id === fc.campaignId;
          sel.appendChild(o);
        });
        sel.parentNode.hidden = !(fc.campaigns || []).length;
      }
      document.getElementById('map-empty').hidden = fc.features.length > 0;
      fc.features.forEach(function (f) {
        var p = f.properties;
        var item = document.createElement('li');
        item.className = 'map-item';
        item.setAttribute('data-id', p.id);
        var sw = text('span', '', 'swatch');
        sw.style.background = p.colour || '#8a96a3';
        item.appendChild(sw);
        item.appendChild(text('strong', p.name));
        var ul = document.createElement('ul');
        (p.lines || []).forEach(function (l) {
          var li = document.createElement('li');
          li.appendChild(lineNode(l));
          ul.appendChild(li);
        });
        item.appendChild(ul);
        list.appendChild(item);
        if (!f.geometry || fc.layer === 'base') {
          return; // the base is drawn already, under every layer
        }
        var shape;
        if (p.kind === 'building') {
          var v = p.value || 0;
          shape = L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
            radius: Math.min(22, 7 + 3 * Math.sqrt(v)), color: '#ffffff', weight: 2, fillColor: p.colour, fillOpacity: 0.9,
            className: 'map-marker map-marker-' + p.id
          });
        } else {
          shape = L.geoJSON(f.geometry, {
            style: { color: '#ffffff', weight: 2, fillColor: p.colour, fillOpacity: 0.75, className: 'map-area map-area-' + p.id }
          });
        }
        shape.bindPopup(function () { return popup(p); }, { maxWidth: 260 });
        if (p.label) {
          shape.bindTooltip(p.label, { permanent: true, direction: p.kind === 'building' ? 'right' : 'center', className: 'map-label' });
        }
        shape.addTo(overlay);
      });
    }

    function load() {
      var status = document.getElementById('map-empty');
      status.hidden = false;
      status.textContent = ds.loading;
      document.querySelectorAll('.opt-heat').forEach(function (n) { n.hidden = state.layer !== 'heat'; });
      document.querySelectorAll('.opt-coverage').forEach(function (n) { n.hidden = state.layer !== 'coverage'; });
      document.querySelectorAll('.map-layer').forEach(function (b) {
        b.classList.toggle('on', b.dataset.layer === state.layer);
        b.setAttribute('aria-selected', b.dataset.layer === state.layer ? 'true' : 'false');
      });
      document.getElementById('opt-layer').value = state.layer;
      labels();
      var q = new URLSearchParams({ grid: state.grid, layer: state.layer });
      if (state.layer === 'heat') {
        q.set('measure', state.measure);
        q.set('from', state.from);
        q.set('to', state.to);
      }
      if (state.layer === 'coverage' && state.campaign) {
        q.set('campaignId', state.campaign);
      }
      window.history.replaceState(null, '', window.location.pathname + '?' + q.toString());
      fetchLayer(state.layer).then(function (fc) {
        status.textContent = emptyText;
        drawLayer(fc);
        el.setAttribute('data-shown', state.layer);
      }).catch(function () {
        overlay.clearLayers();
        status.hidden = false;
        status.textContent = ds.failed;
      });
    }

    var emptyText = document.getElementById('map-empty').textContent;
    document.querySelectorAll('.map-layer').forEach(function (b) {
      b.addEventListener('click', function () {
        state.layer = b.dataset.layer;
        load();
      });
    });
    document.getElementById('opt-measure').addEventListener('change', function (e) { state.measure = e.target.value; load(); });
    document.getElementById('opt-from').addEventListener('change', function (e) { state.from = e.target.value; load(); });
    document.getElementById('opt-to').addEventListener('change', function (e) { state.to = e.target.value; load(); });
    document.getElementById('opt-campaign').addEventListener('change', function (e) { state.campaign = e.target.value; load(); });
    document.getElementById('map-options').addEventListener('submit', function (e) { e.preventDefault(); load(); });

    fetchLayer('base').then(function (fc) {
      drawBase(fc);
      el.setAttribute('data-base', 'ready');
    }).catch(function () {
      map.setView([30.6598, 104.0657], 14);
    }).then(load);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
