// perp-risk live monitor: renders the samples the service pushes on /events (server-sent events, one a second).
(function () {
  'use strict';
  var updates = 0;

  function $(id) { return document.getElementById(id); }
  function text(id, value) { var el = $(id); if (el) { el.textContent = value; } }
  function num(value) { return Number(value).toLocaleString('en-US'); }
  function dec(value) {
    var n = Number(value);
    return Math.abs(n) >= 1000 ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(value);
  }
  function cell(row, value) { var td = document.createElement('td'); td.textContent = value; row.appendChild(td); }
  function rows(tableId, items, columns) {
    var body = $(tableId).tBodies[0];
    var fresh = document.createElement('tbody');
    items.forEach(function (item) {
      var row = document.createElement('tr');
      columns(item).forEach(function (value) { cell(row, value); });
      fresh.appendChild(row);
    });
    body.parentNode.replaceChild(fresh, body);
  }

  function chart(id, series, title) {
    var width = 560, height = 170, left = 62, right = 10, top = 18, bottom = 20;
    var xs = [], ys = [];
    series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + width + ' ' + height + '">';
    svg += '<text x="' + left + '" y="12">' + title + '</text>';
    if (xs.length === 0) {
      $(id).innerHTML = svg + '<text x="' + left + '" y="80">no data yet</text></svg>';
      return;
    }
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min(0, Math.min.apply(null, ys)), maxY = Math.max.apply(null, ys);
    if (maxY === minY) { maxY = minY + 1; }
    var spanX = maxX === minX ? 1 : maxX - minX;
    var plotW = width - left - right, plotH = height - top - bottom;
    svg += '<rect x="' + left + '" y="' + top + '" width="' + plotW + '" height="' + plotH +
      '" fill="none" stroke="#ccd"/>';
    for (var i = 0; i <= 2; i++) {
      var v = minY + (maxY - minY) * i / 2, py = top + plotH - plotH * i / 2;
      svg += '<text x="' + (left - 4) + '" y="' + (py + 3) + '" text-anchor="end">' +
        Number(v.toPrecision(4)).toLocaleString('en-US') + '</text>';
    }
    svg += '<text x="' + left + '" y="' + (height - 5) + '">' + Math.round((maxX - minX) / 1000) +
      ' s shown</text>';
    series.forEach(function (s) {
      var pts = s.points.map(function (p) {
        return (left + (p[0] - minX) / spanX * plotW).toFixed(1) + ',' +
          (top + plotH - (p[1] - minY) / (maxY - minY) * plotH).toFixed(1);
      }).join(' ');
      svg += '<polyline class="line" stroke="' + s.colour + '" points="' + pts + '"/>';
    });
    $(id).innerHTML = svg + '</svg>';
  }

  function latency(prefix, l) {
    text(prefix + '-count', num(l.count));
    text(prefix + '-p50', l.count ? l.p50Us : '–');
    text(prefix + '-p90', l.count ? l.p90Us : '–');
    text(prefix + '-p99', l.count ? l.p99Us : '–');
    text(prefix + '-p999', l.count ? l.p999Us : '–');
    text(prefix + '-max', l.count ? l.maxUs : '–');
  }

  function render(s) {
    var c = s.counters;
    updates++;
    text('updates', updates);
    text('updated', new Date(s.time).toISOString().substring(11, 19) + ' UTC');
    text('tail-seq', num(s.tail.seq));
    text('events-total', num(c.events));
    text('events-rate', num(s.rates.eventsPerS));
    text('rejects-total', num(c.rejects));
    text('rejects-rate', num(s.rates.rejectsPerS));
    text('orders-accepted', num(c.ordersAccepted));
    text('orders-rejected', num(c.ordersRejected));
    text('orders-rate', num(s.rates.ordersPerS));
    text('margin-calls', num(c.marginCalls));
    text('liquidations-started', num(c.liquidationsStarted));
    text('liquidations-completed', num(s.tail.liquidationsCompleted));
    text('liquidation-orders', num(s.tail.liquidationOrders));
    text('adl-events', num(c.adlEvents));
    text('insurance-fund', dec(c.insuranceFund));
    text('insurance-fund-drawn', dec(s.tail.insuranceFundDrawn));
    text('ring-occupancy', num(c.ringOccupancy));
    text('ring-full', num(c.ringFull));
    text('engine-lag', num(Math.max(0, c.events - c.engineSeq)));
    text('egress-lag', num(Math.max(0, c.outboundSeq - c.egressSeq)));
    text('in-liquidation', num(s.tail.inLiquidation));
    text('waiting-adl', num(s.tail.waitingForAdl));
    latency('lat', s.latency);
    latency('latt', s.latencyTotal);

    rows('funds', s.insuranceFund, function (f) { return [f.assetId, dec(f.balance)]; });
    rows('instruments', s.instruments, function (i) { return [i.instrumentId, dec(i.mark), dec(i.openInterest)]; });
    rows('nearest', s.nearest, function (a) {
      return [a.accountId, a.marginRatio === null ? 'n/a (balance ≤ 0)' : a.marginRatio, dec(a.marginBalance),
        dec(a.maintenanceMargin)];
    });
    rows('liquidating', s.liquidating, function (l) {
      return [l.accountId, l.instrumentId === 0 ? 'cross' : l.instrumentId, l.phase, l.since, l.orders, l.adlEvents,
        dec(l.marginBalance)];
    });
    rows('recent-liquidations', s.recentLiquidations, function (e) {
      return [e.seq, e.kind, e.accountId, e.instrumentId === 0 ? 'cross' : e.instrumentId, e.side,
        e.kind === 'order' ? e.quantity : '', e.kind === 'order' ? dec(e.price) : ''];
    });
    rows('recent-adl', s.recentAdl, function (e) {
      return [e.seq, e.accountId, e.otherAccountId, e.instrumentId, e.side, e.quantity, dec(e.price)];
    });

    var assets = {};
    s.history.forEach(function (p) { Object.keys(p.fund).forEach(function (a) { assets[a] = true; }); });
    var colours = ['#2a6fdb', '#d9822b', '#1f7a3a', '#a32020', '#7a3fbf'];
    chart('chart-fund', Object.keys(assets).map(function (a, i) {
      return { colour: colours[i % colours.length], points: s.history.filter(function (p) { return a in p.fund; })
        .map(function (p) { return [p.t, Number(p.fund[a])]; }) };
    }), 'balance per asset');
    chart('chart-rates', [
      { colour: '#2a6fdb', points: s.history.map(function (p) { return [p.t, p.ev]; }) },
      { colour: '#a32020', points: s.history.map(function (p) { return [p.t, p.rj]; }) }
    ], 'events/s (blue), rejects/s (red)');
    chart('chart-latency', [
      { colour: '#7a3fbf', points: s.history.map(function (p) { return [p.t, p.p99 / 1000]; }) }
    ], 'NewOrder answer p99 per second (µs)');
  }

  function connect() {
    var source = new EventSource('/events');
    source.onopen = function () { $('status').textContent = 'live'; $('status').className = 'status live'; };
    source.onmessage = function (event) { render(JSON.parse(event.data)); };
    source.onerror = function () { $('status').textContent = 'reconnecting…'; $('status').className = 'status down'; };
  }

  connect();
}());
