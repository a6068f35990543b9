#!/usr/bin/env bash
# Proves the scaled-out topology of deploy/compose.yaml and deploy/k8s/ without containers (there is no Docker engine
# on these machines), on 127.0.0.1 only, in a temporary directory removed at the end:
#
#   1. a throwaway PostgreSQL cluster (initdb + pg_ctl from /usr/lib/postgresql/*/bin; as root it runs as 'postgres');
#   2. `ClinicOps.Api.dll migrate` once, as the compose `migrate` service and the Kubernetes migration Job do;
#   3. three API processes (Production, Database__MigrateOnStartup=false) on free loopback ports;
#   4. nginx from Debian in front of them (installed with apt-get when missing), round robin;
#   5. the smoke scenario through the proxy (deploy/smoke/scenario.mjs, Node.js, no packages): writes on one instance
#      read on the others; one instance SIGKILLed mid-run with no failed request except those in flight on it;
#      reminders due at once delivered exactly once to a webhook receiver by the survivors' clustered Quartz;
#   6. SIGTERM to the surviving instances: each exits 0 (graceful shutdown).
#
# Usage: deploy/prove-topology.sh
#   CLINICOPS_API_DIR=<folder with ClinicOps.Api.dll>   use a build (the test suite passes its own); otherwise the
#                                                      script publishes src/ClinicOps.Api (Release) into its temp dir
#   PG_BIN=<folder with initdb and pg_ctl>              default: the newest /usr/lib/postgresql/*/bin
# Run by tests/ClinicOps.Api.Tests/Deploy/TopologyProofTests.cs (dotnet test). Exit 0 only when every check passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPLOY="$ROOT/deploy"
INSTANCES=3
SIGNING_KEY="topology-proof-signing-key-$(date +%s)-$RANDOM-$RANDOM"
# The reminder and webhook jobs run every JOBS_POLL_SECONDS (default 10): short, so the reminders phase waits seconds.
JOBS_POLL_SECONDS=1

log() { printf '[topology %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[topology] FAILED: %s\n' "$*" >&2; exit 1; }

for tool in dotnet node curl; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is required"
done

# --- nginx (a Debian package) ---------------------------------------------------------------------------------------
NGINX="$(command -v nginx || true)"
[[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
if [[ -z $NGINX ]]; then
  log "installing nginx (apt-get)"
  SUDO=(); [[ $(id -u) == 0 ]] || SUDO=(sudo)
  # Keep the package from starting its own nginx on port 80: policy-rc.d exit 101 = "do not start services now".
  created_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  install_status=0
  { "${SUDO[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq nginx; } >/dev/null 2>&1 || install_status=$?
  if [[ $created_policy == 1 ]]; then "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d; fi
  [[ $install_status == 0 ]] || fail "apt-get install nginx failed ($install_status)"
  NGINX=/usr/sbin/nginx
fi

# --- PostgreSQL binaries ------------------------------------------------------------------------------------------
if [[ -z ${PG_BIN:-} ]]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
fi
[[ -x ${PG_BIN:-}/initdb ]] || fail "PostgreSQL server binaries not found (set PG_BIN; looked in /usr/lib/postgresql/*/bin)"

WORK="$(mktemp -d /tmp/clinicops-topology.XXXXXX)"
chmod 755 "$WORK"
declare -A API_PIDS=()
NGINX_PID=""
PG_DATA=""

as_pg() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local status=$?
  local pid
  for pid in "${API_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [[ -n $NGINX_PID ]]; then kill -QUIT "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  if [[ -n $PG_DATA ]]; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true; fi
  if [[ $status != 0 ]]; then
    for f in "$WORK"/*.log "$WORK"/nginx/*.log; do
      [[ -f $f ]] || continue
      printf '\n----- %s (last 40 lines) -----\n' "${f#"$WORK"/}" >&2
      tail -n 40 "$f" >&2
    done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

wait_ready() { # url, pid: bounded wait until the URL answers 200 (fails early when the process died)
  local url=$1 pid=$2
  for ((i = 0; i < 360; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || fail "process $pid exited before $url was ready"
    sleep 0.25
  done
  fail "$url was not ready within 90 s"
}

# --- the API build -------------------------------------------------------------------------------------------------
API_DIR="${CLINICOPS_API_DIR:-}"
if [[ -z $API_DIR ]]; then
  log "publishing src/ClinicOps.Api (Release)"
  dotnet publish "$ROOT/src/ClinicOps.Api/ClinicOps.Api.csproj" -c Release -o "$WORK/app" -nologo -v q >"$WORK/publish.log" 2>&1 \
    || fail "dotnet publish failed (see publish.log)"
  API_DIR="$WORK/app"
fi
[[ -f $API_DIR/ClinicOps.Api.dll ]] || fail "no ClinicOps.Api.dll in $API_DIR"

# --- 1. a throwaway PostgreSQL ------------------------------------------------------------------------------------
PG_DIR="$WORK/pg"; mkdir -p "$PG_DIR"
[[ $(id -u) == 0 ]] && chown postgres "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$WORK/initdb.log" 2>&1 \
  || fail "initdb failed (see initdb.log)"
PG_DATA="$PG_DIR/data"
PG_PORT=$(free_port)
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
  || fail "pg_ctl start failed"
as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE clinicops" >/dev/null
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=clinicops;Maximum Pool Size=30"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# Configuration only through environment variables, as in the container image.
API_ENV=(ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1
  Database__Provider=Postgres "Database__ConnectionString=$CONNECTION" Database__MigrateOnStartup=false
  "Auth__SigningKey=$SIGNING_KEY" RateLimiting__PermitsPerWindow=100000 Hosting__ShutdownTimeoutSeconds=10
  "Jobs__PollSeconds=$JOBS_POLL_SECONDS"
  Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information
  Logging__LogLevel__ClinicOps.Infrastructure.Persistence.DatabaseMigrator=Information)

# --- 2. migrations, once ----------------------------------------------------------------------------------------
(cd "$API_DIR" && env "${API_ENV[@]}" dotnet ClinicOps.Api.dll migrate) >"$WORK/migrate.log" 2>&1 || fail "migrate failed (see migrate.log)"
applied=$(grep -o '"Count":[0-9]*' "$WORK/migrate.log" | head -1 | cut -d: -f2)
[[ ${applied:-0} -gt 0 ]] || fail "migrate applied no migration on an empty database"
log "migrations: $applied applied once by the migrate step"

# --- 3. three API instances -------------------------------------------------------------------------------------
PORTS=()
for ((n = 1; n <= INSTANCES; n++)); do
  port=$(free_port)
  # exec: the background job's pid is the API process's own, so the scenario can SIGKILL exactly it.
  (cd "$API_DIR" && exec env "${API_ENV[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet ClinicOps.Api.dll) >"$WORK/api$n.log" 2>&1 &
  API_PIDS[$n]=$!
  PORTS[$n]=$port
done
for ((n = 1; n <= INSTANCES; n++)); do
  wait_ready "http://127.0.0.1:${PORTS[$n]}/health/ready" "${API_PIDS[$n]}"
  if grep -q '"Database migrated' "$WORK/api$n.log"; then fail "instance $n migrated although MigrateOnStartup=false"; fi
done
log "instances: ${INSTANCES} ready on 127.0.0.1 ports ${PORTS[*]}"

# --- 4. nginx in front ------------------------------------------------------------------------------------------
NGINX_DIR="$WORK/nginx"
mkdir -p "$NGINX_DIR"/{client_body,proxy,fastcgi,uwsgi,scgi}
chmod 1777 "$NGINX_DIR"/{client_body,proxy,fastcgi,uwsgi,scgi}
PROXY_PORT=$(free_port)
{
  printf 'worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log warn;\nevents { worker_connections 256; }\n' "$NGINX_DIR" "$NGINX_DIR"
  printf 'http {\n'
  printf '  access_log %s/access.log;\n' "$NGINX_DIR"
  printf '  client_body_temp_path %s/client_body; proxy_temp_path %s/proxy; fastcgi_temp_path %s/fastcgi;\n' "$NGINX_DIR" "$NGINX_DIR" "$NGINX_DIR"
  printf '  uwsgi_temp_path %s/uwsgi; scgi_temp_path %s/scgi;\n' "$NGINX_DIR" "$NGINX_DIR"
  printf '  upstream clinicops_api {\n'
  for ((n = 1; n <= INSTANCES; n++)); do printf '    server 127.0.0.1:%s max_fails=1 fail_timeout=30s;\n' "${PORTS[$n]}"; done
  printf '  }\n'
  # The proxy settings shared with the compose file's nginx (deploy/nginx/proxy.conf).
  # Which instance answered, for the scenario only (not in the compose file's nginx: it would disclose addresses).
  printf '  server {\n    listen 127.0.0.1:%s;\n    add_header X-ClinicOps-Upstream $upstream_addr always;\n' "$PROXY_PORT"
  printf '    include %s/nginx/proxy.conf;\n  }\n}\n' "$DEPLOY"
} >"$NGINX_DIR/nginx.conf"
"$NGINX" -t -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" >"$WORK/nginx-test.log" 2>&1 || fail "nginx rejected its configuration (see nginx-test.log)"
"$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
NGINX_PID=$!
wait_ready "http://127.0.0.1:$PROXY_PORT/health/ready" "$NGINX_PID"
log "nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') on 127.0.0.1:$PROXY_PORT"

# --- 5. the smoke scenario through the proxy ---------------------------------------------------------------------
mint() { # roles and sites as `tokens` options: the API's own command, with the instances' signing key
  (cd "$API_DIR" && env "${API_ENV[@]}" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=None dotnet ClinicOps.Api.dll tokens "$@" --hours 1) \
    | tail -n 1
}
ADMIN_TOKEN=$(mint --role ClinicAdmin --subject topology-admin)
site_json=$(curl -fsS --max-time 20 -X POST "http://127.0.0.1:$PROXY_PORT/api/v1/sites" \
  -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: topology-site-$RANDOM" \
  -d '{"code":"TOPOLOGY","name":"Topology proof clinic","timeZoneId":"America/Chicago"}') || fail "creating the site failed"
SITE_ID=$(node -e 'console.log(JSON.parse(process.argv[1]).id)' "$site_json")
FRONT_DESK_TOKEN=$(mint --role FrontDesk --site "$SITE_ID" --subject topology-front-desk)
SITE_ADMIN_TOKEN=$(mint --role ClinicAdmin --site "$SITE_ID" --subject topology-admin)
CLINICIAN_TOKEN=$(mint --role Clinician --site "$SITE_ID" --subject topology-clinician)

instances_json=$(for ((n = 1; n <= INSTANCES; n++)); do
  printf '{"name":"api%s","url":"http://127.0.0.1:%s","upstream":"127.0.0.1:%s","pid":%s}\n' "$n" "${PORTS[$n]}" "${PORTS[$n]}" "${API_PIDS[$n]}"
done | node -e 'console.log(JSON.stringify(require("fs").readFileSync(0, "utf8").trim().split("\n").map(JSON.parse)))')

SMOKE_PROXY="http://127.0.0.1:$PROXY_PORT" SMOKE_INSTANCES="$instances_json" SMOKE_TOKEN="$FRONT_DESK_TOKEN" \
SMOKE_ADMIN_TOKEN="$ADMIN_TOKEN" SMOKE_SITE_ADMIN_TOKEN="$SITE_ADMIN_TOKEN" SMOKE_CLINICIAN_TOKEN="$CLINICIAN_TOKEN" \
SMOKE_JOBS_POLL_SECONDS="$JOBS_POLL_SECONDS" SMOKE_SITE_ID="$SITE_ID" SMOKE_KILL="api2" SMOKE_PSQL="$PG_BIN/psql -h 127.0.0.1 -p $PG_PORT -U postgres -d clinicops" \
  node "$DEPLOY/smoke/scenario.mjs" || fail "smoke scenario"
wait "${API_PIDS[2]}" 2>/dev/null || true # SIGKILLed by the scenario
unset 'API_PIDS[2]'

# --- 6. graceful stop of the survivors ---------------------------------------------------------------------------
for n in "${!API_PIDS[@]}"; do
  pid=${API_PIDS[$n]}
  kill -TERM "$pid"
  code=0
  wait "$pid" || code=$?
  unset "API_PIDS[$n]"
  [[ $code == 0 ]] || fail "instance $n exited with $code on SIGTERM"
  grep -q 'Application is shutting down' "$WORK/api$n.log" || fail "instance $n did not log its shutdown"
done
log "graceful stop: the surviving instances exited 0 on SIGTERM"
log "topology proven: PostgreSQL, migrate once, ${INSTANCES} instances behind nginx"
