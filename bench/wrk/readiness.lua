-- GET /api/v1/sessions/{id}/readiness (getDischargeReadiness) as Nurse, on a monitored session with a few dozen readings.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()
local path = "/api/v1/sessions/" .. os.getenv("BENCH_READ_SESSION") .. "/readiness"

function request()
  return wrk.format("GET", path, common.headers(false))
end
