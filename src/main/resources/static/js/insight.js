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
    // the wall display (大屏) draws on a dark background
    var theme = document.body.classList.contains('wall') ? 'dark' : null;
    var big = theme && window.innerWidth >= 900 ? 18 : 12;

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
      var chart = echarts.init(el, theme, { renderer: 'canvas' });
      chart.setOption({
        grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: counts.map(function (c) { return c.label; }),
          axisLabel: { width: theme ? 160 : 90, overflow: 'truncate', fontSize: big } },
        backgroundColor: 'transparent',
        series: [{ type: 'bar', data: counts.map(function (c) { return c.count; }),
          label: { show: true, position: 'right', fontSize: big },
          itemStyle: { color: '#2f6fb0' } }]
      });
      if (!theme) {
        el.style.height = Math.max(120, 28 * counts.length + 40) + 'px';
      }
      chart.resize();
      chart.on('click', function (p) {
        if (links[p.dataIndex]) {
          window.location.href = links[p.dataIndex].href;
        }
      });
      charts.push(chart);
    }

    var trendEl = document.getElementById('chart-trend');
    var trend = trendEl ? echarts.init(trendEl, theme, { renderer: 'canvas' }) : null;
    function showTrend(which) {
      if (!trend) {
        return;
      }
      var t = d[which];
      var names = trendEl.getAttribute('data-names').split('|');
      var keys = ['onTime', 'response', 'satisfaction', 'rectification'];
      trend.setOption({
        backgroundColor: 'transparent',
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v + '%'; } },
        legend: { top: 0, type: 'scroll', textStyle: { fontSize: big } },
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
      showTrend(d.weekly ? 'weekly' : 'monthly');
    }
    // the three city-wide problems: demands received per month, one bar per problem
    var probEl = document.getElementById('chart-problems');
    if (probEl && d.problems) {
      var prob = echarts.init(probEl, theme, { renderer: 'canvas' });
      prob.setOption({
        backgroundColor: 'transparent',
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll', textStyle: { fontSize: big } },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: d.problems.labels, axisLabel: { fontSize: big } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: big } },
        series: d.problems.series.map(function (s) { return { name: s.name, type: 'bar', data: s.data }; })
          .concat((d.problems.incidents || []).map(function (s) {
            return { name: s.name + probEl.getAttribute('data-incidents'), type: 'line', data: s.data };
          }))
      });
      charts.push(prob);
    }
    bars('chart-routine', d.routine || []);
    bars('chart-state', d.byState || []);
    bars('chart-category', d.byCategory || []);
    bars('chart-party', d.byParty || []);
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
