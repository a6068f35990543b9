-- GET /health/ready (readiness: the migrations-applied check), no token.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()

function request()
  return wrk.format("GET", "/health/ready", {})
end
