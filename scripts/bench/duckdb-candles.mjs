// The peer of the import measurement: DuckDB reads the generated trades CSV into exact 1-minute candles with one GROUP BY
// (2 threads, in memory, no dedupe, no durability). Prints the number of candles and the sums that make them comparable.
//   node scripts/bench/duckdb-candles.mjs trades.csv
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node duckdb-candles.mjs FILE.csv');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const csv = file.replaceAll("'", "''");
await connection.run(`
  CREATE TABLE candles AS
  SELECT (timestamp // 60000) * 60000 AS open_time,
         arg_min(price, (timestamp, trade_id)) AS open, max(price) AS high, min(price) AS low,
         arg_max(price, (timestamp, trade_id)) AS close,
         sum(size) AS volume, sum(price * size) AS quote_volume, count(*) AS trades,
         sum(CASE WHEN side = 'buy' THEN size ELSE 0 END) AS taker_buy_volume
  FROM read_csv('${csv}', header = true, columns = {
    'trade_id': 'BIGINT', 'timestamp': 'BIGINT', 'price': 'DECIMAL(18,1)', 'size': 'DECIMAL(18,3)', 'side': 'VARCHAR'})
  GROUP BY 1`);
const reader = await connection.runAndReadAll('SELECT count(*), sum(trades), sum(volume)::VARCHAR FROM candles');
const [candles, trades, volume] = reader.getRows()[0];
console.log(`duckdb: ${candles} candles, ${trades} trades, volume ${volume}`);
