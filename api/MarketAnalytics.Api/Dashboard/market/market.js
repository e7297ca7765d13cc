// The market dashboard: instruments with 24 h stats, a live candlestick chart with volume, recent trades and, for internal
// markets, the order book. History comes from the REST API, live changes from the WebSocket push (/api/v1/market/ws).
(() => {
  'use strict';
  const INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'];
  const MINUTES = { '1m': 1, '5m': 5, '15m': 15, '1h': 60, '4h': 240, '1d': 1440 };
  const MAX_TRADES = 50;
  const $ = selector => document.querySelector(selector);
  const query = new URLSearchParams(location.search);
  const state = {
    symbol: query.get('symbol'),
    interval: INTERVALS.includes(query.get('interval')) ? query.get('interval') : '1m',
    instruments: [],
    lastBarTime: 0,
    socket: null,
    bookTimer: 0,
  };

  const number = (n, digits = 8) => n == null ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits });
  const isInternal = symbol => symbol.startsWith('internal:');
  async function json(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }
  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  const chart = LightweightCharts.createChart($('#chart'), {
    autoSize: true,
    layout: { background: { color: '#131722' }, textColor: '#d1d4dc' },
    grid: { vertLines: { color: '#1e222d' }, horzLines: { color: '#1e222d' } },
    timeScale: { timeVisible: true, secondsVisible: false },
  });
  const candles = chart.addSeries(LightweightCharts.CandlestickSeries, {
    upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350',
  });
  const volume = chart.addSeries(LightweightCharts.HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: '' });
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  const barOf = c => ({ time: Date.parse(c.open_time) / 1000, open: c.open, high: c.high, low: c.low, close: c.close });
  const volumeOf = c => ({
    time: Date.parse(c.open_time) / 1000, value: c.volume,
    color: c.close >= c.open ? 'rgba(38,166,154,.5)' : 'rgba(239,83,80,.5)',
  });

  for (const interval of INTERVALS) {
    const button = document.createElement('button');
    button.textContent = interval;
    button.dataset.interval = interval;
    button.addEventListener('click', () => select(state.symbol, interval));
    $('#intervals').append(button);
  }

  async function loadInstruments() {
    state.instruments = await json('/api/v1/market/summary');
    const body = $('#instruments tbody');
    body.replaceChildren();
    for (const s of state.instruments) {
      const row = body.insertRow();
      row.dataset.symbol = s.symbol;
      cell(row, s.symbol);
      cell(row, number(s.last_price), 'last');
      cell(row, s.change_percent == null ? '–' : `${s.change_percent > 0 ? '+' : ''}${s.change_percent.toFixed(2)} %`,
        s.change_percent > 0 ? 'up' : s.change_percent < 0 ? 'down' : '');
      cell(row, number(s.volume, 4));
      row.addEventListener('click', () => select(s.symbol, state.interval));
    }
    markSelected();
  }

  function markSelected() {
    for (const row of document.querySelectorAll('#instruments tbody tr')) row.classList.toggle('selected', row.dataset.symbol === state.symbol);
    for (const button of document.querySelectorAll('#intervals button')) button.classList.toggle('selected', button.dataset.interval === state.interval);
  }

  async function select(symbol, interval) {
    if (!symbol) return;
    send({ op: 'unsubscribe', symbols: [state.symbol], channels: ['candles', 'book'], interval: state.interval });
    state.symbol = symbol;
    state.interval = interval;
    history.replaceState(null, '', `/?symbol=${encodeURIComponent(symbol)}&interval=${interval}`);
    $('#symbol').textContent = symbol;
    markSelected();
    // Up to the instrument's newest trade rather than now, so a recorded session shows its candles too.
    const asOf = state.instruments.find(s => s.symbol === symbol)?.as_of;
    const to = asOf ? `&to=${new Date(Date.parse(asOf) + MINUTES[interval] * 60_000).toISOString()}` : '';
    const list = await json(`/api/v1/candles?symbol=${encodeURIComponent(symbol)}&interval=${interval}&limit=500${to}`);
    if (state.symbol !== symbol || state.interval !== interval) return;
    candles.setData(list.map(barOf));
    volume.setData(list.map(volumeOf));
    chart.timeScale().fitContent();
    state.lastBarTime = list.length ? barOf(list[list.length - 1]).time : 0;
    Object.assign($('#chart').dataset, { symbol, interval, candles: list.length });
    if (list.length) $('#last-price').textContent = number(list[list.length - 1].close);
    $('#forming').textContent = '';
    $('#trades tbody').replaceChildren();
    $('#book-panel').hidden = !isInternal(symbol);
    $('#trades-title').textContent = isInternal(symbol) ? 'Recent internal trades' : 'Recent trades';
    if (isInternal(symbol)) {
      const market = symbol.slice('internal:'.length);
      const trades = await json(`/api/v1/trades/${encodeURIComponent(market)}?limit=${MAX_TRADES}`);
      for (const t of trades.reverse()) addTrade({ ...t, side: t.taker_side, trade_id: String(t.trade_id) });
      await loadBook();
    }
    send({ op: 'subscribe', symbols: [symbol], channels: ['candles', 'book'], interval });
  }

  async function loadBook() {
    const symbol = state.symbol;
    if (!isInternal(symbol)) return;
    const book = await json(`/api/v1/orderbook/${encodeURIComponent(symbol.slice('internal:'.length))}?depth=12`);
    if (state.symbol !== symbol) return;
    const fill = (body, levels) => {
      body.replaceChildren();
      for (const [price, quantity, orders] of levels) {
        const row = body.insertRow();
        cell(row, number(price)); cell(row, number(quantity)); cell(row, orders);
      }
    };
    fill($('#asks'), [...book.asks].reverse());
    fill($('#bids'), book.bids);
  }

  function addTrade(t) {
    const body = $('#trades tbody');
    const row = body.insertRow(0);
    row.dataset.tradeId = t.trade_id;
    cell(row, t.time.slice(11, 23));
    cell(row, number(t.price), t.side === 'buy' ? 'up' : 'down');
    cell(row, number(t.quantity));
    cell(row, t.side);
    while (body.rows.length > MAX_TRADES) body.deleteRow(-1);
  }

  const handlers = {
    trade(t) {
      const last = document.querySelector(`#instruments tr[data-symbol="${CSS.escape(t.symbol)}"] .last`);
      if (last) {
        last.className = 'last ' + (t.side === 'buy' ? 'up' : 'down');
        last.textContent = number(t.price);
      }
      if (t.symbol !== state.symbol) return;
      $('#last-price').textContent = number(t.price);
      addTrade(t);
    },
    candle(c) {
      if (c.symbol !== state.symbol || c.interval !== state.interval) return;
      const bar = barOf(c);
      if (bar.time < state.lastBarTime) return; // a late trade's older window: the chart only takes the newest bar live
      if (bar.time > state.lastBarTime) $('#chart').dataset.candles = Number($('#chart').dataset.candles) + 1;
      state.lastBarTime = bar.time;
      candles.update(bar);
      volume.update(volumeOf(c));
      $('#forming').textContent = c.closed ? '' :
        `forming ${c.interval} candle ${c.open_time.slice(11, 16)}: O ${number(c.open)} H ${number(c.high)} L ${number(c.low)} ` +
        `C ${number(c.close)} · volume ${number(c.volume, 4)} · ${c.trades} trades`;
    },
    book(b) {
      if (b.symbol !== state.symbol) return;
      clearTimeout(state.bookTimer);
      state.bookTimer = setTimeout(loadBook, 50);
    },
    error(e) { $('#connection').textContent = `push: ${e.message}`; },
    subscribed() {},
  };

  function send(message) {
    if (state.socket?.readyState === WebSocket.OPEN && message.symbols.every(Boolean)) state.socket.send(JSON.stringify(message));
  }

  function connect() {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/market/ws`);
    state.socket = socket;
    socket.onopen = () => {
      $('#connection').textContent = 'live';
      $('#connection').className = 'status live';
      if (state.instruments.length) send({ op: 'subscribe', symbols: state.instruments.map(s => s.symbol), channels: ['trades'] });
      if (state.symbol) send({ op: 'subscribe', symbols: [state.symbol], channels: ['candles', 'book'], interval: state.interval });
    };
    socket.onmessage = message => {
      const data = JSON.parse(message.data);
      handlers[data.type]?.(data);
    };
    socket.onclose = () => {
      $('#connection').textContent = 'disconnected, reconnecting…';
      $('#connection').className = 'status';
      setTimeout(connect, 2000);
    };
  }

  async function start() {
    await loadInstruments();
    if (!state.symbol && state.instruments.length)
      state.symbol = (state.instruments.find(s => s.last_price != null) ?? state.instruments[0]).symbol;
    connect();
    await select(state.symbol, state.interval);
    document.body.dataset.ready = 'true';
    setInterval(() => loadInstruments().catch(e => console.warn(e)), 60_000);
  }

  start().catch(e => { $('#connection').textContent = e.message; console.error(e); });
})();
