-- Floor: GET /rows/{id}, one row by primary key, rotating over the seeded rows.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
local ids, i

function init(args)
  ids = common.thread_ids(tid, tonumber(os.getenv("BENCH_WRK_THREADS") or "2"))
  i = 0
end

function request()
  i = i % #ids + 1
  return wrk.format("GET", "/rows/" .. ids[i], common.headers(false))
end
