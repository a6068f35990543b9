-- Floor: POST /rows with the same body as a patient registration, one raw INSERT per request.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
local site = os.getenv("BENCH_SITE") or "00000000-0000-0000-0000-000000000000"

function request()
  local key = common.idempotency_key(tid)
  local h = common.headers(true)
  h["Idempotency-Key"] = key
  return wrk.format("POST", "/rows", h, common.patient_body(site, common.counter))
end
