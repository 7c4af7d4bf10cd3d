// Pacer's status page: live updates from the decision journal (server-sent events) and the
// subject's chart (uPlot). No build step: this file is served as it is.
(function () {
  "use strict";
  var subjectEl = document.getElementById("subject");
  var kind = subjectEl ? subjectEl.dataset.kind : null;
  var subject = subjectEl ? subjectEl.dataset.subject : null;
  var chart = null;
  var data = null;

  function li(m, withSubject) {
    var item = document.createElement("li");
    item.dataset.type = m.type;
    item.className = "fresh";
    if (withSubject) {
      var who = document.createElement(m.href ? "a" : "span");
      if (m.href) { who.href = m.href; } else { who.className = "subject"; }
      who.textContent = m.subject;
      item.appendChild(who);
      item.appendChild(document.createTextNode(" "));
    }
    var line = document.createElement("span");
    line.className = "line";
    line.textContent = m.line;
    item.appendChild(line);
    return item;
  }

  function prepend(list, item, keep) {
    list.insertBefore(item, list.firstChild);
    while (keep && list.children.length > keep) { list.removeChild(list.lastChild); }
  }

  function num(v) { return typeof v === "number" ? v : null; }

  function drawChart() {
    var el = document.getElementById("chart");
    var src = document.getElementById("chart-data");
    if (!el || !src || typeof uPlot === "undefined") { return; }
    data = JSON.parse(src.textContent);
    var cols = Object.keys(data);
    var series = [{}];
    var axes = [{}];
    if (kind === "app") {
      series.push({ label: "metric", stroke: "#e0a800", width: 2, scale: "m" });
      series.push({ label: "down", stroke: "#888", dash: [4, 4], scale: "m" });
      series.push({ label: "up", stroke: "#888", dash: [4, 4], scale: "m" });
      series.push({ label: "instances", stroke: "#d62728", width: 2, scale: "n", paths: uPlot.paths.stepped({ align: 1 }) });
      axes.push({ scale: "m", label: "metric" });
      axes.push({ scale: "n", side: 1, label: "instances", grid: { show: false } });
    } else {
      series.push({ label: "free cpus", stroke: "#e0a800", width: 2, scale: "f" });
      series.push({ label: "free mem", stroke: "#1f77b4", width: 2, scale: "f" });
      series.push({ label: "desired agents", stroke: "#d62728", width: 2, scale: "n", paths: uPlot.paths.stepped({ align: 1 }) });
      axes.push({ scale: "f", label: "free fraction" });
      axes.push({ scale: "n", side: 1, label: "agents", grid: { show: false } });
    }
    var opts = {
      width: Math.max(320, el.clientWidth || 800),
      height: 260,
      series: series,
      axes: axes,
      scales: { x: { time: true } }
    };
    chart = new uPlot(opts, cols.map(function (c) { return data[c]; }), el);
    el.dataset.points = String(data[cols[0]].length);
  }

  function addPoint(m) {
    if (!chart || !data) { return; }
    var d = m.data || {};
    var t = Date.parse(m.at) / 1000;
    var cols = Object.keys(data);
    if (kind === "app" && m.type.indexOf("pacer.scale.") === 0) {
      var inst = m.type === "pacer.scale.applied" ? d.to : d.instances;
      [t, num(d.value), num(d.down), num(d.up), num(inst)].forEach(function (v, i) { data[cols[i]].push(v); });
    } else if (kind === "pool" && d.inputs) {
      var desired = d.to !== undefined ? d.to : d.inputs.desired;
      [t, num(d.inputs["free-cpus"]), num(d.inputs["free-mem"]), num(desired)].forEach(function (v, i) { data[cols[i]].push(v); });
    } else {
      return;
    }
    chart.setData(cols.map(function (c) { return data[c]; }));
    document.getElementById("chart").dataset.points = String(data[cols[0]].length);
  }

  function connect() {
    var state = document.getElementById("live-state");
    var source = new EventSource("/ui/events");
    source.onopen = function () { state.textContent = "live"; state.className = "live on"; };
    source.onerror = function () { state.textContent = "reconnecting…"; state.className = "live off"; };
    source.onmessage = function (ev) {
      var m = JSON.parse(ev.data);
      var overview = document.getElementById("live");
      if (overview && m.kind !== "image") { prepend(overview, li(m, true), 20); }
      if (subject && m.kind === kind && m.subject === subject) {
        var none = document.getElementById("no-timeline");
        if (none) { none.remove(); }
        prepend(document.getElementById("timeline"), li(m, false), 0);
        addPoint(m);
      }
    };
  }

  drawChart();
  connect();
})();
