-- wrk script: the holder lookup the bar tablet does after a card tap, GET /api/holders/{id}/.
-- Environment (set by bench/run.sh):
--   BENCH_TOKEN        access token of an active bar-staff user
--   BENCH_HOLDER_MIN   holder ids BENCH_HOLDER_MIN..BENCH_HOLDER_MAX, one picked at random per
--   BENCH_HOLDER_MAX   request (all loaded holders)
--   BENCH_DIR          the bench/ directory (for the shared reporting hooks)
dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")

local function env_number(name)
  return tonumber(os.getenv(name) or "") or error(name .. " is not set to a number")
end

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local holder_min = env_number("BENCH_HOLDER_MIN")
local holder_max = env_number("BENCH_HOLDER_MAX")

wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. token

function init(args)
  -- Each wrk thread has its own Lua state: seed each differently so threads pick other holders.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  return wrk.format(nil, string.format("/api/holders/%d/", math.random(holder_min, holder_max)))
end
