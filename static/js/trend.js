// An item's month-by-month chart (scoring/item_trend.html), from the JSON in #trend-data.
// The tooltip is drawn on the canvas (renderMode richText): ECharts' HTML tooltip writes
// style="" attributes, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  var source = document.getElementById("trend-data");
  var el = document.getElementById("trend-chart");
  if (!window.echarts || !el || !source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  // The 预警 forecast and last year's curve bring their own months (up to December):
  // the axis is every month named, in order, and each series is laid on it.
  var months = data.months.slice();
  [data.forecast, data.last_year].forEach(function (extra) {
    if (extra) {
      extra.months.forEach(function (m) {
        if (months.indexOf(m) < 0) {
          months.push(m);
        }
      });
    }
  });
  months.sort();
  function onAxis(labels, values) {
    var out = months.map(function () {
      return null;
    });
    labels.forEach(function (m, i) {
      out[months.indexOf(m)] = values[i];
    });
    return out;
  }
  var series, yAxis, lastYear;
  if (data.rule === "target") {
    yAxis = { type: "value" };
    series = [
      { name: data.labels.value, type: "line", data: onAxis(data.months, data.values), connectNulls: true },
      { name: data.labels.expected, type: "line", data: onAxis(data.months, data.expected), lineStyle: { type: "dotted" } },
    ];
    if (data.forecast) {
      // The 预警 forecast: dashed from the month it rests on to December.
      series.push({
        name: data.labels.forecast,
        type: "line",
        data: onAxis(data.forecast.months, data.forecast.values),
        connectNulls: true,
        lineStyle: { type: "dashed", width: 2 },
        itemStyle: { color: "#c62828" },
      });
    }
    lastYear = { name: data.labels.last_value, data: data.last_values };
    if (data.last_year && !data.last_values) {
      // Last year's curve the forecast rests on, when the page has no 同比 line of its own.
      series.push({
        name: data.labels.last_year,
        type: "line",
        data: onAxis(data.last_year.months, data.last_year.values),
        connectNulls: true,
        lineStyle: { type: "dotted" },
        itemStyle: { color: "#757575" },
      });
    }
  } else if (data.rule === "rank") {
    yAxis = { type: "value", inverse: true, minInterval: 1, min: 1 };
    series = [{ name: data.labels.rank, type: "line", data: onAxis(data.months, data.ranks), connectNulls: true }];
    lastYear = { name: data.labels.last_rank, data: data.last_ranks };
  } else {
    yAxis = { type: "value", min: 0, max: 100 };
    series = [{ name: data.labels.score, type: "line", step: "middle", data: onAxis(data.months, data.scores) }];
    lastYear = { name: data.labels.last_score, data: data.last_scores, step: "middle" };
  }
  if (lastYear.data) {
    // 同比: last year's line on this year's months, in grey.
    series.push({
      name: lastYear.name,
      type: "line",
      data: onAxis(data.months, lastYear.data),
      step: lastYear.step,
      connectNulls: true,
      itemStyle: { color: "#9aa0a6" },
      lineStyle: { type: "dotted", color: "#9aa0a6" },
    });
  }
  var chart = window.echarts.init(el);
  chart.setOption({
    // Drawn at once: the grow-in animation is a second of frames on a slow phone.
    animation: false,
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: "category", data: months },
    yAxis: yAxis,
    series: series,
  });
  window.addEventListener("resize", function () {
    chart.resize();
  });
})();
