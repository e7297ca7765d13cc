-- wrk script of the order measurement: two users alternate crossing limit orders on BTC-USDT (user A buys, user B sells at
-- the same price, so about half of the orders trade). Keys come from KEY_A and KEY_B. Counts answers that are not 2xx or
-- that the exchange rejected, and prints them at the end.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
  local headers = function(key) return { ["Content-Type"] = "application/json", ["X-Api-Key"] = key } end
  buy = wrk.format("POST", "/api/v1/orders", headers(os.getenv("KEY_A")),
    '{"symbol":"BTC-USDT","side":"buy","type":"limit","price":50000,"quantity":0.001}')
  sell = wrk.format("POST", "/api/v1/orders", headers(os.getenv("KEY_B")),
    '{"symbol":"BTC-USDT","side":"sell","type":"limit","price":50000,"quantity":0.001}')
  n = 0
end

function request()
  n = n + 1
  if n % 2 == 1 then return buy end
  return sell
end

function response(status, headers, body)
  if status < 200 or status > 299 or (body and body:find('"status":"rejected"', 1, true)) then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("failed") end
  io.write(string.format("failed or rejected: %d\n", total))
end
