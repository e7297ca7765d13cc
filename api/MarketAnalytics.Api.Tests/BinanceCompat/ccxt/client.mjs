// Runs ccxt's `binance` class against a MarketAnalytics venue and prints each call's result as one JSON array.
// usage: node client.mjs <venue base, e.g. http://127.0.0.1:5000/venues/internal/api/v3> '<calls as JSON>' [apiKey secret]
// calls: [["fetchOHLCV", "BTC/USDT", "1m", 1723161240000, 10], ["createOrder", "BTC/USDT", "limit", "buy", 0.01, 50000], ...]
// JSON null stands for an argument left out (undefined). A call that throws gives {"error": "<ccxt error class>", "message": "..."} in its place, and the next calls still run.
import ccxt from 'ccxt';

const [base, callsJson, apiKey, secret] = process.argv.slice(2);
const exchange = new ccxt.binance({
  apiKey,
  secret,
  urls: { api: { public: base, private: base } },
  options: {
    fetchMarkets: { types: ['spot'] },
    fetchCurrencies: false,
    fetchMargins: false,
    adjustForTimeDifference: false,
  },
});

const results = [];
for (const [method, ...args] of JSON.parse(callsJson)) {
  try {
    const result = await exchange[method](...args.map(a => (a === null ? undefined : a)));
    results.push(method === 'loadMarkets' ? Object.values(result).map(m => ({ id: m.id, symbol: m.symbol, base: m.base, quote: m.quote, active: m.active, precision: m.precision, limits: m.limits })) : result);
  } catch (e) {
    results.push({ error: e.constructor.name, message: String(e.message) });
  }
}
process.stdout.write(JSON.stringify(results));
