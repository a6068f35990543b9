-- POST /api/v1/sessions/{id}/vitals (recordVitals) as Nurse: one reading (measured now) on a checked-in, dosed
-- session, with a fresh Idempotency-Key per request, as a tablet sends it.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()
local body = '{"systolic":128,"diastolic":80,"heartRate":74,"spO2":98,"respiratoryRate":14,"moaas":5,"dissociation":"None"}'
local path = "/api/v1/sessions/" .. os.getenv("BENCH_VITALS_SESSION") .. "/vitals"

function request()
  local h = common.headers(true)
  h["Idempotency-Key"] = common.idempotency_key(tid)
  return wrk.format("POST", path, h, body)
end
