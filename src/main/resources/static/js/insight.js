// The insight dashboard's charts (ECharts, served from the WebJar). The figures come in #insight-data; each bar leads
// to the list behind it (the link of the same line in the section's list), the trend switches between weeks and months.
(function () {
  function start() {
    var data = document.getElementById('insight-data');
    if (!data || !window.echarts) {
      return;
    }
    var d = JSON.parse(data.textContent);
    var charts = [];

    function bars(id, counts) {
      var el = document.getElementById(id);
      if (!el) {
        return;
      }
      if (!counts.length) {
        el.hidden = true;
        return;
      }
      var links = el.parentNode.querySelectorAll('.insight-counts a');
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption({
        grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: counts.map(function (c) { return c.label; }),
          axisLabel: { width: 90, overflow: 'truncate' } },
        series: [{ type: 'bar', data: counts.map(function (c) { return c.count; }), label: { show: true, position: 'right' },
          itemStyle: { color: '#2f6fb0' } }]
      });
      el.style.height = Math.max(120, 28 * counts.length + 40) + 'px';
      chart.resize();
      chart.on('click', function (p) {
        if (links[p.dataIndex]) {
          window.location.href = links[p.dataIndex].href;
        }
      });
      charts.push(chart);
    }

    var trendEl = document.getElementById('chart-trend');
    var trend = trendEl ? echarts.init(trendEl, null, { renderer: 'canvas' }) : null;
    function showTrend(which) {
      if (!trend) {
        return;
      }
      var t = d[which];
      var names = trendEl.getAttribute('data-names').split('|');
      var keys = ['onTime', 'response', 'satisfaction', 'rectification'];
      trend.setOption({
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v + '%'; } },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: t.labels },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: keys.map(function (k, i) { return { name: names[i], type: 'line', connectNulls: true, data: t[k] }; })
      }, true);
      document.querySelectorAll('[data-trend]').forEach(function (b) {
        b.classList.toggle('active', b.getAttribute('data-trend') === which);
      });
    }
    if (trend) {
      charts.push(trend);
      document.querySelectorAll('[data-trend]').forEach(function (b) {
        b.addEventListener('click', function () { showTrend(b.getAttribute('data-trend')); });
      });
      showTrend('weekly');
    }
    bars('chart-state', d.byState);
    bars('chart-category', d.byCategory);
    bars('chart-party', d.byParty);
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
