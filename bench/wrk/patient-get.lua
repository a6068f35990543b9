-- GET /api/v1/patients/{id} (getPatient) as FrontDesk, rotating over the seeded patients.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()
local ids, i

function init(args)
  ids = common.thread_ids(tid, tonumber(os.getenv("BENCH_WRK_THREADS") or "2"))
  i = 0
end

function request()
  i = i % #ids + 1
  return wrk.format("GET", "/api/v1/patients/" .. ids[i], common.headers(false))
end
