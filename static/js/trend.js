// An item's month-by-month chart (scoring/item_trend.html), from the JSON in #trend-data;
// for an item carried over from last year's plan, last year's line (同比) beside it.
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
  var series, yAxis, lastYear;
  if (data.rule === "target") {
    yAxis = { type: "value" };
    series = [
      { name: data.labels.value, type: "line", data: data.values, connectNulls: true },
      { name: data.labels.expected, type: "line", data: data.expected, lineStyle: { type: "dashed" } },
    ];
    lastYear = { name: data.labels.last_value, data: data.last_values };
  } else if (data.rule === "rank") {
    yAxis = { type: "value", inverse: true, minInterval: 1, min: 1 };
    series = [{ name: data.labels.rank, type: "line", data: data.ranks, connectNulls: true }];
    lastYear = { name: data.labels.last_rank, data: data.last_ranks };
  } else {
    yAxis = { type: "value", min: 0, max: 100 };
    series = [{ name: data.labels.score, type: "line", step: "middle", data: data.scores }];
    lastYear = { name: data.labels.last_score, data: data.last_scores, step: "middle" };
  }
  if (lastYear.data) {
    series.push({
      name: lastYear.name,
      type: "line",
      data: lastYear.data,
      step: lastYear.step,
      connectNulls: true,
      itemStyle: { color: "#9aa0a6" },
      lineStyle: { type: "dotted", color: "#9aa0a6" },
    });
  }
  var chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: "category", data: data.months },
    yAxis: yAxis,
    series: series,
  });
  window.addEventListener("resize", function () {
    chart.resize();
  });
})();
