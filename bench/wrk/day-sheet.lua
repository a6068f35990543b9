-- GET /api/v1/sites/{siteId}/day-sheet?date=<busiest seeded day> (getDaySheet) as FrontDesk.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()
local path = "/api/v1/sites/" .. os.getenv("BENCH_SITE") .. "/day-sheet?date=" .. os.getenv("BENCH_DAY")

function request()
  return wrk.format("GET", path, common.headers(false))
end
