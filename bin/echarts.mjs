// The parts of ECharts the pages use (static/js/trend.js: line series, some stepped or
// dashed, on a category axis, with a legend and a canvas-drawn tooltip), as
// window.echarts. Bundled by bin/build-js.mjs.
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
window.echarts = echarts;
