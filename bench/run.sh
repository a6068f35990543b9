#!/usr/bin/env bash
# The load benchmark (issue 13): ClinicOps in Release against a bare floor, on SQLite and on PostgreSQL, driven by wrk.
#
#   bench/run.sh           full run: SQLite and PostgreSQL, 20 s warm-up + 8 s per endpoint; writes the "Load (wrk)"
#                          section of bench/results.md
#   bench/run.sh --quick   smoke run: SQLite only, 1 s warm-up + 2 s per endpoint; prints the table, leaves results.md
#   BENCH_DATABASES=Postgres bench/run.sh --quick    the same smoke run on PostgreSQL
#   BENCH_ONLY='patients-post|patient-get' bench/run.sh --quick    only the wrk scripts matching the regex (the
#                          floor always runs); for profiling one endpoint
#   bench/run.sh --soak    10-minute soak on SQLite (BENCH_DATABASES to change): a paced mix of registrations, patient
#                          reads, vitals posts and status reads (wrk/soak.lua), measured minute by minute; writes the
#                          "Soak" section of bench/results.md (RSS and p99 at the start and at the end)
#
# Everything runs on 127.0.0.1 in a temporary directory that is removed at the end (PostgreSQL is a throwaway cluster
# started from /usr/lib/postgresql/15/bin). Not part of `dotnet test`.
set -euo pipefail

QUICK=0
SOAK=0
case "${1:-}" in
  --quick) QUICK=1 ;;
  --soak) SOAK=1 ;;
  "") ;;
  *) echo "usage: bench/run.sh [--quick|--soak]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
THREADS=2
CONNECTIONS=32
if [[ $QUICK == 1 ]]; then
  DURATION=2s; WARMUP=1s; DATABASES=(Sqlite)
elif [[ $SOAK == 1 ]]; then
  DURATION=8s; WARMUP=2s; DATABASES=(Sqlite)
  SOAK_MINUTES="${BENCH_SOAK_MINUTES:-10}"; SOAK_CONNECTIONS=8; SOAK_DELAY_MS="${BENCH_SOAK_DELAY_MS:-50}"
else
  # 20 s of warm-up per endpoint: under this load .NET's tiered JIT keeps recompiling a newly driven path for tens of
  # seconds (perf: about 20% of the API's CPU in the JIT's background compiler 10 s in, under 1% after 30 s), and the
  # figures are meant to be the steady state a running clinic sees, not start-up.
  DURATION=8s; WARMUP=${BENCH_WARMUP:-20s}; DATABASES=(Sqlite Postgres)
fi
# BENCH_DATABASES="Postgres" (or "Sqlite Postgres") overrides the databases, e.g. for a quick PostgreSQL smoke run.
if [[ -n ${BENCH_DATABASES:-} ]]; then read -ra DATABASES <<<"$BENCH_DATABASES"; fi
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PATIENTS="${BENCH_PATIENTS:-2000}"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- what the run needs -----------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (apt-get)"
  if [[ $(id -u) == 0 ]]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi
for tool in dotnet python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is required" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/clinicops-bench.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
PG_DATA=""
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n $PG_DATA ]]; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true; fi
  # Keep the raw measurements and logs of the last run (bench/out/, ignored by git) before the temp dir goes.
  if [[ -f $WORK/results.tsv ]]; then
    local out="$BENCH/out"
    if [[ $QUICK == 1 ]]; then out="$BENCH/out-quick"; fi
    rm -rf "$out"; mkdir -p "$out"
    cp "$WORK"/*.tsv "$out/" 2>/dev/null || true
    for d in Sqlite Postgres; do
      for f in "$WORK/$d"/*.log; do
        if [[ -f $f ]]; then cp "$f" "$out/$d-$(basename "$f")" || true; fi
      done
    done
    cp "$WORK"/wrk-*.txt "$out/" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_pg() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url, seconds: bounded wait until the URL answers 200
  local url=$1 tries=$(( $2 * 4 ))
  for ((i = 0; i < tries; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  echo "bench: $url did not come up" >&2
  return 1
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

peak_rss_mib() { # VmHWM of a live process, MiB
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# --- build (Release) -------------------------------------------------------------------------------------------
log "building ClinicOps.Api, the floor and the seeder (Release)"
for project in src/ClinicOps.Api/ClinicOps.Api.csproj bench/ClinicOps.Floor/ClinicOps.Floor.csproj bench/ClinicOps.BenchSeed/ClinicOps.BenchSeed.csproj; do
  dotnet build "$ROOT/$project" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
done
API_BIN="$ROOT/src/ClinicOps.Api/bin/Release/net10.0"
FLOOR_DLL="$ROOT/bench/ClinicOps.Floor/bin/Release/net10.0/ClinicOps.Floor.dll"
SEED_DLL="$ROOT/bench/ClinicOps.BenchSeed/bin/Release/net10.0/ClinicOps.BenchSeed.dll"

# --- a throwaway PostgreSQL 15 cluster ---------------------------------------------------------------------------
PG_PORT=""
if [[ " ${DATABASES[*]} " == *" Postgres "* ]]; then
  [[ -x $PG_BIN/initdb ]] || { echo "bench: PostgreSQL binaries not found in $PG_BIN" >&2; exit 1; }
  PG_DIR="$WORK/pg"; mkdir -p "$PG_DIR"
  [[ $(id -u) == 0 ]] && chown postgres "$PG_DIR"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
  PG_DATA="$PG_DIR/data"
  PG_PORT=$(free_port)
  # Server defaults for durability (fsync, synchronous_commit, full_page_writes all on), as a production server.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  for db in clinicops floor; do
    as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE $db" >/dev/null
  done
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
fi

RESULTS="$WORK/results.tsv"
printf 'database\tendpoint\tkind\trps\tp50_ms\tp99_ms\tnon2xx\tsocket_errors\trequests\tstatuses\ttimeouts\tcpu_ms\tdb_cpu_ms\n' >"$RESULTS"
META="$WORK/meta.tsv"
: >"$META"
RUN_ID="bench$(date +%s)"

cpu_ticks() { # user + system clock ticks of a process, or 0 when none is given
  if [[ -z ${1:-} ]]; then echo 0; return; fi
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

db_ticks() { # clock ticks of this run's PostgreSQL server: the postmaster, its live backends and those it reaped
  if [[ -z $PG_DATA || ! -f $PG_DATA/postmaster.pid ]]; then echo 0; return; fi
  local postmaster total=0 child
  postmaster=$(head -n1 "$PG_DATA/postmaster.pid")
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat")
  for child in $(cat "/proc/$postmaster/task/$postmaster/children" 2>/dev/null); do
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

drive() { # database, endpoint label, kind (floor-post|floor-get|write|read), script, base url, [token], [ids file]
  local database=$1 label=$2 kind=$3 script=$4 url=$5 token=${6:-} ids=${7:-}
  if [[ $kind != floor-* && -n ${BENCH_ONLY:-} && ! ${script%.lua} =~ ^(${BENCH_ONLY})$ ]]; then return 0; fi
  local out="$WORK/wrk-$database-${script%.lua}.txt"
  local common=(env BENCH_WRK_DIR="$BENCH/wrk" BENCH_WRK_THREADS=$THREADS BENCH_TOKEN="$token" BENCH_IDS="$ids" BENCH_SITE="${BENCH_SITE:-}"
    BENCH_DAY="${BENCH_DAY:-}" BENCH_FAMILY_NAME="${BENCH_FAMILY_NAME:-}" BENCH_SCREENED_ON="${BENCH_SCREENED_ON:-}")
  "${common[@]}" BENCH_RUN_ID="$RUN_ID-${script%.lua}-warm" wrk -t$THREADS -c$CONNECTIONS -d$WARMUP -s "$BENCH/wrk/$script" "$url" >/dev/null
  # CPU time of the server process under test (ClinicOps or the floor) per request: where the cores go, apart from wrk
  # and the database server.
  local ticks_before ticks_after db_before db_after
  ticks_before=$(cpu_ticks "${SERVER_PID:-}")
  db_before=$(db_ticks)
  "${common[@]}" BENCH_RUN_ID="$RUN_ID-${script%.lua}" wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s "$BENCH/wrk/$script" "$url" >"$out"
  ticks_after=$(cpu_ticks "${SERVER_PID:-}")
  db_after=$(db_ticks)
  local json
  json=$(grep '^WRK_RESULT ' "$out" | sed 's/^WRK_RESULT //')
  python3 - "$database" "$label" "$kind" "$json" "$RESULTS" "$META" "$(( ticks_after - ticks_before ))" "$(getconf CLK_TCK)" "$(( db_after - db_before ))" <<'PY'
import json, sys
db, label, kind, raw, results, meta = sys.argv[1:7]
ticks, hz, db_ticks = int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9])
r = json.loads(raw)
cpu_ms = (ticks * 1000.0 / hz / r['requests']) if r['requests'] and ticks > 0 else 0.0
db_cpu_ms = (db_ticks * 1000.0 / hz / r['requests']) if r['requests'] and db_ticks > 0 else 0.0
statuses = " ".join(f"{k}:{v}" for k, v in sorted(r.get("statuses", {}).items()))
with open(results, "a", encoding="utf-8") as f:
    f.write("\t".join([db, label, kind, f"{r['rps']:.0f}", f"{r['p50_ms']:.2f}", f"{r['p99_ms']:.2f}",
                       str(r['non2xx']), str(r['socket_errors']), str(r['requests']), statuses,
                       str(r.get('timeouts', 0)), f"{cpu_ms:.3f}", f"{db_cpu_ms:.3f}"]) + "\n")
if r.get("sample_error"):
    with open(meta, "a", encoding="utf-8") as f:
        f.write(f"{db}\tsample_error\t{label}: {r['sample_error']}\n")
PY
  log "$database $label: $(tail -n1 "$RESULTS" | cut -f4-8,12,13 | awk -F'\t' '{printf "%s req/s, p50 %s ms, p99 %s ms, errors %d, server CPU %s ms/request, PostgreSQL CPU %s ms/request", $1, $2, $3, $4 + $5, $6, $7}')"
}

wait_for_quiet() { # bounded: up to 2 minutes for the 1-minute load average to drop under the core count
  local cores; cores=$(nproc)
  for ((i = 0; i < 24; i++)); do
    awk -v c="$cores" '{ exit !($1 < c) }' /proc/loadavg && return 0
    [[ $i == 0 ]] && log "load average $(cut -d' ' -f1 /proc/loadavg) >= $cores cores (other work on the machine); waiting up to 2 min"
    sleep 5
  done
  log "still loaded ($(cut -d' ' -f1-3 /proc/loadavg)); measuring anyway, the report records the load"
}

# Only before the first database: afterwards the load average mostly shows this run's own wrk.
if [[ $QUICK == 0 ]]; then wait_for_quiet; fi
for database in "${DATABASES[@]}"; do
  DB_DIR="$WORK/$database"; mkdir -p "$DB_DIR"
  printf '%s\tload_before\t%s\n' "$database" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$META"
  if [[ $database == Sqlite ]]; then
    API_DB=(Database__Provider=Sqlite Database__DataDirectory="$DB_DIR/api")
    FLOOR_CS="Data Source=$DB_DIR/floor/floor.db;Default Timeout=30"
    mkdir -p "$DB_DIR/floor"
  else
    API_DB=(Database__Provider=Postgres Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=clinicops")
    # The product's default pool cap (DependencyInjection.DefaultMaxPoolSize: four per core, at least 8), so the floor
    # queues its connections the way the API does.
    pool_cap=$(( $(nproc) * 4 > 8 ? $(nproc) * 4 : 8 ))
    FLOOR_CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=floor;Maximum Pool Size=$pool_cap"
  fi

  # ClinicOps: Release build, auth + audit + validation as in production; only the rate limit raised.
  API_PORT=$(free_port)
  (cd "$API_BIN" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" \
    "${API_DB[@]}" RateLimiting__PermitsPerWindow=100000000 Logging__LogLevel__Default=Warning \
    dotnet ClinicOps.Api.dll >"$DB_DIR/api.log" 2>&1) &
  API_PID=$!; PIDS+=("$API_PID")
  wait_http "http://127.0.0.1:$API_PORT/health/ready" 90 || { tail -n 50 "$DB_DIR/api.log" >&2; exit 1; }
  API_URL="http://127.0.0.1:$API_PORT"
  log "$database: ClinicOps (pid $API_PID) on $API_URL; seeding"

  (cd "$API_BIN" && env ASPNETCORE_ENVIRONMENT=Development "${API_DB[@]}" dotnet "$SEED_DLL" --url "$API_URL" \
    --api-dll "$API_BIN/ClinicOps.Api.dll" --out "$DB_DIR/seed" --patients "$PATIENTS") >&2
  # shellcheck disable=SC1091
  source "$DB_DIR/seed/seed.env"
  export BENCH_SITE BENCH_DAY BENCH_FAMILY_NAME BENCH_SCREENED_ON BENCH_VITALS_SESSION BENCH_READ_SESSION
  printf '%s\tseed\t%s s: 3 sites, 36 chairs, %s patients, %s IV-ketamine courses, %s sessions; day sheet %s has %s\n' \
    "$database" "$BENCH_SEED_SECONDS" "$PATIENTS" "$BENCH_COURSES" "$BENCH_SESSIONS" "$BENCH_DAY" "$BENCH_DAY_SESSIONS" >>"$META"

  if [[ $SOAK == 1 ]]; then
    SOAK_OUT="$WORK/soak-$database.tsv"
    printf 'minute\trps\tp50_ms\tp99_ms\terrors\trss_mib\n' >"$SOAK_OUT"
    log "$database: soak, $SOAK_MINUTES x 1 min at $SOAK_CONNECTIONS connections, ${SOAK_DELAY_MS} ms between a connection's requests"
    for ((minute = 1; minute <= SOAK_MINUTES; minute++)); do
      env BENCH_WRK_DIR="$BENCH/wrk" BENCH_WRK_THREADS=$THREADS BENCH_TOKEN="$BENCH_DESK_TOKEN" BENCH_IDS="$DB_DIR/seed/patients.txt" \
        BENCH_SOAK_DELAY_MS="$SOAK_DELAY_MS" BENCH_NURSE_TOKEN="$BENCH_NURSE_TOKEN" BENCH_RUN_ID="$RUN_ID-soak-$minute" \
        wrk -t$THREADS -c$SOAK_CONNECTIONS -d60s --latency -s "$BENCH/wrk/soak.lua" "$API_URL" >"$WORK/wrk-soak-$minute.txt"
      python3 - "$minute" "$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$API_PID/status")" "$SOAK_OUT" \
        "$(grep '^WRK_RESULT ' "$WORK/wrk-soak-$minute.txt" | sed 's/^WRK_RESULT //')" <<'PY'
import json, sys
minute, rss, out, raw = sys.argv[1:5]
r = json.loads(raw)
with open(out, "a", encoding="utf-8") as f:
    f.write(f"{minute}\t{r['rps']:.0f}\t{r['p50_ms']:.2f}\t{r['p99_ms']:.2f}\t{r['non2xx'] + r['socket_errors']}\t{rss}\n")
PY
      log "$database soak minute $minute: $(tail -n1 "$SOAK_OUT" | awk -F'\t' '{printf "%s req/s, p50 %s ms, p99 %s ms, errors %s, RSS %s MiB", $2, $3, $4, $5, $6}')"
    done
    python3 "$BENCH/report.py" --soak "$SOAK_OUT" --database "$database" --meta "$META" \
      --command "bench/run.sh --soak" --wrk "wrk -t$THREADS -c$SOAK_CONNECTIONS -d60s --latency -s bench/wrk/soak.lua, $SOAK_MINUTES times, ${SOAK_DELAY_MS} ms pause per connection" \
      --out "$BENCH/results.md"
    stop_pid "$API_PID"
    continue
  fi

  # The floor, same database server / file settings.
  FLOOR_PORT=$(free_port)
  ASPNETCORE_URLS="http://127.0.0.1:$FLOOR_PORT" Floor__Provider="$database" Floor__ConnectionString="$FLOOR_CS" \
    dotnet "$FLOOR_DLL" >"$DB_DIR/floor.log" 2>&1 &
  FLOOR_PID=$!; PIDS+=("$FLOOR_PID")
  wait_http "http://127.0.0.1:$FLOOR_PORT/ids" 60 || { tail -n 50 "$DB_DIR/floor.log" >&2; exit 1; }
  SERVER_PID=$FLOOR_PID
  curl -fsS "http://127.0.0.1:$FLOOR_PORT/ids" >"$DB_DIR/floor-ids.txt"
  printf '%s\tdurability\t%s\n' "$database" "$(grep -m1 '^floor: ' "$DB_DIR/floor.log" | sed 's/^floor: //')" >>"$META"

  drive "$database" "floor POST /rows (1 raw INSERT)" floor-post floor-post.lua "http://127.0.0.1:$FLOOR_PORT"
  drive "$database" "floor GET /rows/{id} (1 SELECT by key)" floor-get floor-get.lua "http://127.0.0.1:$FLOOR_PORT" "" "$DB_DIR/floor-ids.txt"
  printf '%s\tfloor_rss_mib\t%s\n' "$database" "$(peak_rss_mib "$FLOOR_PID")" >>"$META"
  stop_pid "$FLOOR_PID"
  SERVER_PID=$API_PID

  drive "$database" "POST /api/v1/patients" write patients-post.lua "$API_URL" "$BENCH_DESK_TOKEN"
  drive "$database" "GET /api/v1/patients/{id}" read patient-get.lua "$API_URL" "$BENCH_DESK_TOKEN" "$DB_DIR/seed/patients.txt"
  drive "$database" "GET /api/v1/patients?name={family name}" read patients-search.lua "$API_URL" "$BENCH_DESK_TOKEN"
  drive "$database" "POST /api/v1/patients/{id}/screenings" write screenings-post.lua "$API_URL" "$BENCH_DESK_TOKEN" "$DB_DIR/seed/screening-patients.txt"
  drive "$database" "GET /api/v1/sites/{siteId}/day-sheet?date={day}" read day-sheet.lua "$API_URL" "$BENCH_DESK_TOKEN"
  # The treatment day: a nurse's vitals POST on a monitored session, and the status and readiness GETs of another.
  drive "$database" "POST /api/v1/sessions/{id}/vitals" write vitals-post.lua "$API_URL" "$BENCH_NURSE_TOKEN"
  drive "$database" "GET /api/v1/sessions/{id}/status" read session-status.lua "$API_URL" "$BENCH_NURSE_TOKEN"
  drive "$database" "GET /api/v1/sessions/{id}/readiness" read readiness.lua "$API_URL" "$BENCH_NURSE_TOKEN"
  drive "$database" "GET /health/ready (no auth)" read health-ready.lua "$API_URL"

  printf '%s\tapi_rss_mib\t%s\n' "$database" "$(peak_rss_mib "$API_PID")" >>"$META"
  printf '%s\tload_after\t%s\n' "$database" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$META"
  # Error/Critical log entries of the API during the run, counted by message (the log is JSON lines).
  python3 - "$DB_DIR/api.log" "$database" >>"$META" <<'PY'
import collections, json, re, sys
counts = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if entry.get("LogLevel") in ("Error", "Critical"):
        counts[re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}", (entry.get("Message") or "?").splitlines()[0])] += 1
for message, n in counts.most_common(5):
    print(f"{sys.argv[2]}\tapi_errors_logged\t{n} x {message}")
PY
  stop_pid "$API_PID"
done

# --- report ----------------------------------------------------------------------------------------------------
if [[ $SOAK == 1 ]]; then exit 0; fi  # the soak wrote its own section
COMMAND="bench/run.sh"
if [[ $QUICK == 1 ]]; then COMMAND="bench/run.sh --quick"; fi
WRK_LINE="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up with the same script)"
python3 "$BENCH/report.py" --results "$RESULTS" --meta "$META" --command "$COMMAND" --wrk "$WRK_LINE" \
  --quick "$QUICK" --out "$BENCH/results.md"
