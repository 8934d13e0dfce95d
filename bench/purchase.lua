-- wrk script: wallet purchases, POST /api/purchases/ with balance=true, one product x 1 per sale.
-- Environment (set by bench/run.sh):
--   BENCH_TOKEN        access token of an active bar-staff user (the seller)
--   BENCH_HOLDER_MIN   buyers are holder ids BENCH_HOLDER_MIN..BENCH_HOLDER_MAX, picked at random
--   BENCH_HOLDER_MAX   per request ("spread"); MIN = MAX puts every sale on one wallet ("one")
--   BENCH_PRODUCTS     products are ids 1..BENCH_PRODUCTS (all active)
--   BENCH_DIR          the bench/ directory (for the shared reporting hooks)
dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")

local function env_number(name)
  return tonumber(os.getenv(name) or "") or error(name .. " is not set to a number")
end

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local holder_min = env_number("BENCH_HOLDER_MIN")
local holder_max = env_number("BENCH_HOLDER_MAX")
local products = env_number("BENCH_PRODUCTS")

wrk.method = "POST"
wrk.path = "/api/purchases/"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"

function init(args)
  -- Each wrk thread has its own Lua state: seed each differently so threads pick other holders.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  local body = string.format(
    '{"orders":[{"product":%d,"quantity":1}],"balance":true,"cash":false,"pin":false,"buyer":%d}',
    math.random(1, products), math.random(holder_min, holder_max))
  return wrk.format(nil, nil, nil, body)
end
