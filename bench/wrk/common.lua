-- Shared by the load scripts of bench/run.sh. Configuration comes from the environment:
--   BENCH_TOKEN     bearer token (absent for the floor)
--   BENCH_IDS       file of ids, one per line (requests rotate over them; each wrk thread takes its own share)
--   BENCH_RUN_ID    prefix of the Idempotency-Key values, unique per run
-- done() prints one machine-readable line: WRK_RESULT {json}.
local common = {}

local thread_count = 0
local threads = {}

-- API scripts tally response statuses (wrk's response() callback costs wrk some CPU per response, so the floor
-- scripts, which run ten times faster, do not: that would understate the floor).
function common.track_statuses()
  statuses = {}
  sample_error = ""
  response = function(status, headers, body)
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
    if status >= 400 and sample_error == "" then
      local clean = string.gsub(body or "", '[%c"\\]', " ")
      sample_error = key .. " " .. string.sub(clean, 1, 300)
    end
  end
end

function common.setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function common.load_ids()
  local path = os.getenv("BENCH_IDS")
  local ids = {}
  if path == nil or path == "" then return ids end
  local file = assert(io.open(path, "r"))
  for line in file:lines() do
    if line ~= "" then table.insert(ids, line) end
  end
  file:close()
  return ids
end

-- Ids of this thread only (index modulo the thread count), so two threads never hit the same record at once.
function common.thread_ids(tid, nthreads)
  local all = common.load_ids()
  local mine = {}
  for i, id in ipairs(all) do
    if (i - 1) % nthreads == tid then table.insert(mine, id) end
  end
  return mine
end

function common.headers(post)
  local h = {}
  local token = os.getenv("BENCH_TOKEN")
  if token ~= nil and token ~= "" then h["Authorization"] = "Bearer " .. token end
  if post then h["Content-Type"] = "application/json" end
  return h
end

common.counter = 0
function common.idempotency_key(tid)
  common.counter = common.counter + 1
  return string.format("%s-%d-%d", os.getenv("BENCH_RUN_ID") or "bench", tid or 0, common.counter)
end

local function status_json()
  local merged = {}
  local sample = ""
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    if type(counts) == "table" then
      for k, v in pairs(counts) do merged[k] = (merged[k] or 0) + v end
    end
    local s = thread:get("sample_error")
    if type(s) == "string" and s ~= "" and sample == "" then sample = s end
  end
  local parts = {}
  for k, v in pairs(merged) do table.insert(parts, string.format('"%s":%d', k, v)) end
  table.sort(parts)
  return "{" .. table.concat(parts, ",") .. "}", sample
end

function common.done(summary, latency, requests)
  local e = summary.errors
  local statuses_json, sample = status_json()
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"seconds":%.2f,"rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"non2xx":%d,"socket_errors":%d,"timeouts":%d,"statuses":%s,"sample_error":"%s"}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, e.timeout, statuses_json, sample))
end

-- A realistic registration body (the floor stores the same bytes).
function common.patient_body(site, n)
  return string.format(
    '{"siteId":"%s","givenName":"Avery","familyName":"Loadtest","dateOfBirth":"1984-03-17","sex":"Female",'
    .. '"phone":"+15551234567","email":"avery%d@example.com",'
    .. '"emergencyContact":{"name":"Jordan Quinn","phone":"+15557654321","relationship":"spouse"},'
    .. '"preferredContactChannel":"Sms"}', site, n)
end

return common
