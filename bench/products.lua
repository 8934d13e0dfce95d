-- wrk script: the catalogue read the bar tablet does on every screen, GET /api/products/.
-- Environment (set by bench/run.sh): BENCH_TOKEN (any user's access token), BENCH_DIR.
dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")

wrk.method = "GET"
wrk.path = "/api/products/"
wrk.headers["Authorization"] = "Bearer " .. token
