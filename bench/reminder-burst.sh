#!/usr/bin/env bash
# The reminder burst (issue 11): 10,000 reminders due at once on PostgreSQL, delivered by two clustered ClinicOps
# instances to a receiver on 127.0.0.1. Prints and stores (bench/out/burst.tsv) the seconds from the due moment until
# the last delivery and the number of duplicates; targets <= 60 s and 0. Not part of `dotnet test`.
#
#   bench/reminder-burst.sh                 10,000 reminders, 2 instances
#   BURST_REMINDERS=1000 BURST_INSTANCES=1 bench/reminder-burst.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
REMINDERS="${BURST_REMINDERS:-10000}"
INSTANCES="${BURST_INSTANCES:-2}"
log() { printf '[burst %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

WORK="$(mktemp -d /tmp/clinicops-burst.XXXXXX)"
chmod 755 "$WORK"
PG_DATA=""
cleanup() {
  if [[ -n $PG_DATA ]]; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true; fi
  mkdir -p "$ROOT/bench/out"
  cp "$WORK"/burst* "$ROOT/bench/out/" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log "building ClinicOps.Api and the burst driver (Release)"
for project in src/ClinicOps.Api/ClinicOps.Api.csproj bench/ClinicOps.ReminderBurst/ClinicOps.ReminderBurst.csproj; do
  dotnet build "$ROOT/$project" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
done

mkdir -p "$WORK/pg"
[[ $(id -u) == 0 ]] && chown postgres "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
PG_DATA="$WORK/pg/data"
PG_PORT=$(free_port)
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE clinicops" >/dev/null

log "$REMINDERS reminders, $INSTANCES instance(s), PostgreSQL on 127.0.0.1:$PG_PORT"
dotnet "$ROOT/bench/ClinicOps.ReminderBurst/bin/Release/net10.0/ClinicOps.ReminderBurst.dll" \
  --api-dll "$ROOT/src/ClinicOps.Api/bin/Release/net10.0/ClinicOps.Api.dll" \
  --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=clinicops;Maximum Pool Size=50" \
  --reminders "$REMINDERS" --instances "$INSTANCES" --out "$WORK"
