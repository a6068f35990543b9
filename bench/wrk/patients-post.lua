-- POST /api/v1/patients (registerPatient) as FrontDesk, a fresh Idempotency-Key per request.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()
local site = os.getenv("BENCH_SITE")

function request()
  local key = common.idempotency_key(tid)
  local h = common.headers(true)
  h["Idempotency-Key"] = key
  return wrk.format("POST", "/api/v1/patients", h, common.patient_body(site, common.counter))
end
