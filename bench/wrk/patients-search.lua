-- GET /api/v1/patients?name=<family name> (searchPatients) as FrontDesk: first page of 25 out of about 100 matches.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()
local name = os.getenv("BENCH_FAMILY_NAME") or "Okafor"

function request()
  return wrk.format("GET", "/api/v1/patients?name=" .. name .. "&pageSize=25", common.headers(false))
end
