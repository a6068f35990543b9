-- The soak (bench/run.sh --soak): a steady mix at a paced rate, as a clinic's day looks. Each connection waits
-- BENCH_SOAK_DELAY_MS between its requests and cycles through twelve: register a patient (FrontDesk, fresh
-- Idempotency-Key), read eight patients, post a vitals reading (Nurse, fresh key) on one monitored session, and read
-- another session's status twice.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()
local site = os.getenv("BENCH_SITE")
local nurse = os.getenv("BENCH_NURSE_TOKEN")
local session = os.getenv("BENCH_VITALS_SESSION")
local watched = os.getenv("BENCH_READ_SESSION")
local pause = tonumber(os.getenv("BENCH_SOAK_DELAY_MS") or "40")
local vitals = '{"systolic":128,"diastolic":80,"heartRate":74,"spO2":98,"respiratoryRate":14,"moaas":5,"dissociation":"None"}'
local ids, i, step

function init(args)
  ids = common.thread_ids(tid, tonumber(os.getenv("BENCH_WRK_THREADS") or "2"))
  i = 0
  step = 0
end

function delay()
  return pause
end

local function as_nurse(post)
  local h = common.headers(post)
  h["Authorization"] = "Bearer " .. nurse
  return h
end

function request()
  step = step % 12 + 1
  if step == 1 then
    local h = common.headers(true)
    h["Idempotency-Key"] = common.idempotency_key(tid)
    return wrk.format("POST", "/api/v1/patients", h, common.patient_body(site, common.counter))
  elseif step <= 9 then
    i = i % #ids + 1
    return wrk.format("GET", "/api/v1/patients/" .. ids[i], common.headers(false))
  elseif step == 10 then
    local h = as_nurse(true)
    h["Idempotency-Key"] = common.idempotency_key(tid)
    return wrk.format("POST", "/api/v1/sessions/" .. session .. "/vitals", h, vitals)
  else
    return wrk.format("GET", "/api/v1/sessions/" .. watched .. "/status", as_nurse(false))
  end
end
