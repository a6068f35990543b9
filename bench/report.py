#!/usr/bin/env python3
"""Turns bench/run.sh's measurements into the "Load (wrk)" section of bench/results.md (or prints it for --quick),
or, with --soak, the soak's minute-by-minute figures into its "Soak" section."""
import argparse
import csv
import datetime
import os
import re
import subprocess

WRITE_MIN_RATIO = 0.5
WRITE_MAX_P99 = 50.0
READ_MAX_P99 = 20.0
SOAK_MAX_RSS_GROWTH = 0.10


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kib = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
    distro = "Linux"
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release", encoding="utf-8") as f:
            m = re.search(r'^PRETTY_NAME="?([^"\n]+)', f.read(), re.M)
            distro = m.group(1) if m else distro
    sdk = subprocess.run(["dotnet", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    wrk_version = (wrk.stdout + wrk.stderr).split("\n")[0].split(" [")[0]
    return f"{os.cpu_count()} cores (nproc), {cpu}, {mem_kib / 1024 / 1024:.1f} GiB RAM, {distro}, .NET SDK {sdk}, {wrk_version}"


def verdict(kind, rps, p99, floor_rps):
    if kind == "write":
        ratio = rps / floor_rps if floor_rps else 0.0
        misses = []
        if ratio < WRITE_MIN_RATIO:
            misses.append(f"req/s {ratio:.2f}x floor < {WRITE_MIN_RATIO}x")
        if p99 > WRITE_MAX_P99:
            misses.append(f"p99 {p99:.0f} ms > {WRITE_MAX_P99:.0f} ms ({p99 / WRITE_MAX_P99:.1f}x)")
        return ("**MISSED**: " + "; ".join(misses)) if misses else "met"
    if kind == "read":
        if p99 > READ_MAX_P99:
            return f"**MISSED**: p99 {p99:.1f} ms > {READ_MAX_P99:.0f} ms ({p99 / READ_MAX_P99:.1f}x)"
        return "met"
    return "(floor)"


def replace_section(path, heading, section):
    """Replaces the level-2 section starting with heading (or appends it)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.find(heading)
    if start >= 0:
        nxt = re.search(r"^## (?!#)", text[start + 3:], re.M)
        end = start + 3 + nxt.start() if nxt else len(text)
        text = text[:start] + section + ("\n" + text[end:] if nxt else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def soak(a):
    with open(a.soak, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    names = {"Sqlite": "SQLite", "Postgres": "PostgreSQL 15"}
    now = a.when or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    first, last = rows[0], rows[-1]
    growth = (float(last["rss_mib"]) - float(first["rss_mib"])) / float(first["rss_mib"])
    errors = sum(int(r["errors"]) for r in rows)
    out = ["## Soak", ""]
    out.append(f"Measured {now} on {machine()}, {names.get(a.database, a.database)}. Command: `{a.command}` "
               f"({a.wrk}). Seeded like the load run; RSS is the API's VmRSS at the end of each minute.")
    out.append("")
    out.append("| minute | req/s | p50 ms | p99 ms | errors | RSS MiB |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        out.append(f"| {r['minute']} | {r['rps']} | {float(r['p50_ms']):.1f} | {float(r['p99_ms']):.1f} | {r['errors']} | {r['rss_mib']} |")
    out.append("")
    verdict_rss = "met" if growth < SOAK_MAX_RSS_GROWTH else f"**MISSED** (target < {SOAK_MAX_RSS_GROWTH:.0%})"
    verdict_errors = "met" if errors == 0 else "**MISSED**"
    out.append(f"- RSS: {first['rss_mib']} MiB after minute 1, {last['rss_mib']} MiB after minute {last['minute']}: "
               f"{growth:+.1%}, {verdict_rss}.")
    if len(rows) >= 4:
        # Informational, not the target: whether the growth continues once caches and heaps have filled (a leak) or
        # stops after the first minutes.
        mid = rows[len(rows) // 2 - 1]
        late = (float(last["rss_mib"]) - float(mid["rss_mib"])) / float(mid["rss_mib"])
        out.append(f"- RSS over the second half: {mid['rss_mib']} MiB after minute {mid['minute']}, {last['rss_mib']} MiB "
                   f"after minute {last['minute']} ({late:+.1%}).")
    out.append(f"- p99: {float(first['p99_ms']):.1f} ms in minute 1, {float(last['p99_ms']):.1f} ms in minute {last['minute']}.")
    out.append(f"- Errors (non-2xx and socket errors): {errors}, {verdict_errors}.")
    section = "\n".join(out) + "\n"
    replace_section(a.out, "## Soak", section)
    print(section)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--results")
    parser.add_argument("--meta", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--wrk", required=True)
    parser.add_argument("--quick", default="0")
    parser.add_argument("--out", required=True)
    parser.add_argument("--when", default="")
    parser.add_argument("--soak")
    parser.add_argument("--database", default="Sqlite")
    a = parser.parse_args()
    if a.soak:
        soak(a)
        return

    with open(a.results, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    meta = {}
    with open(a.meta, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t", 2)
            if len(fields) != 3:
                continue  # continuation of a multi-line log message
            db, key, value = fields
            meta.setdefault(db, {}).setdefault(key, []).append(value)

    names = {"Sqlite": "SQLite", "Postgres": "PostgreSQL 15"}
    now = a.when or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = []
    out.append("## Load (wrk)")
    out.append("")
    out.append(f"Run {now}. Command: `{a.command}` (each endpoint: `{a.wrk}`).")
    out.append(f"Machine: {machine()}. wrk shares the 2 cores with the API and the database.")
    out.append("")
    out.append("Setup, per database, in one run: ClinicOps.Api built with `dotnet build -c Release` and started as "
               "`dotnet ClinicOps.Api.dll` with `ASPNETCORE_ENVIRONMENT=Development` (so that the `tokens` command can mint "
               "tokens), auth, audit, validation and idempotency keys on as in production, only "
               "`RateLimiting__PermitsPerWindow=100000000`, and **logging at Warning** "
               "(`Logging__LogLevel__Default=Warning`; the default Information level logs every request). SQLite: a fresh "
               "file in a temp directory, the product's own settings (WAL, `Default Timeout=30`, and group commit: "
               "`synchronous=NORMAL`, with each write answered only after an fsync of the log that began after its commit, "
               "docs/decisions/0020-sqlite-group-commit.md); the floor gives the same guarantee the plain way, an fsync in "
               "every commit (the driver's `synchronous=FULL`). PostgreSQL: a throwaway 15 cluster on 127.0.0.1 with the server's default durability "
               "(fsync, synchronous_commit and full_page_writes on), the product's default pool cap (four connections per core, at least 8) for the API and the floor. "
               "Everything on the same local disk.")
    out.append("")
    out.append("Seeded through the public API only (bench/ClinicOps.BenchSeed, HttpClient, parallelism 8): 3 sites "
               "(America/Chicago) open Monday-Friday 07:00-19:00, 12 chairs each, 2,000 patients, eligible IV-ketamine "
               "screenings for 600 of them, and IV-ketamine induction courses planned and booked for 120 of them "
               "(40 per site). The floor (bench/ClinicOps.Floor) is Kestrel plus one raw ADO.NET statement per request and "
               "no auth: POST inserts the same JSON body as a registration (SQLite: one writer at a time through a "
               "SemaphoreSlim, WAL, same connection string options), GET reads one row by primary key. POSTs carry a "
               "fresh `Idempotency-Key` each (the floor ignores it). POST ratios are to the floor POST, GET ratios to the "
               "floor GET.")
    out.append("")
    out.append("Endpoints: registration and screening POSTs as FrontDesk (the screening load rotates over patients "
               "without a course, each wrk thread on its own patients, so no two requests screen one patient at once); "
               "patient GETs rotate over the 2,000 seeded patients; the search is `GET /api/v1/patients?name=<family name>` "
               "(the API's parameter is `name`, matching given or family name: first page of 25 of about 100 matches, "
               "and each listed patient is a read audit entry); the day sheet is the busiest seeded day of one site, "
               "driven only when the served OpenAPI document has `getDaySheet`; `/health/ready` is added as the "
               "readiness GET. Raw wrk output and the logs of the last run are left in `bench/out/` (not committed).")
    out.append("")
    out.append(f"Targets (issue 13): write endpoints at least {WRITE_MIN_RATIO}x the floor's req/s and p99 at most "
               f"{WRITE_MAX_P99:.0f} ms; read endpoints p99 at most {READ_MAX_P99:.0f} ms. Errors are responses with status "
               ">= 400 plus socket errors (connect, read, write, and timeouts: no answer within wrk's 2 s; a timed-out "
               "request is left out of wrk's latency percentiles, so where there are timeouts the p99 shown is a lower bound).")
    out.append("CPU per request: user plus system time of the server process under test (ClinicOps, or the floor on its "
               "rows) over the measured run, divided by the requests wrk completed; on PostgreSQL also the server's "
               "(postmaster and backends). SQLite runs inside the API process. wrk's own CPU is not counted, but it "
               "shares the same 2 cores.")
    out.append("")

    missed = []
    for db in dict.fromkeys(r["database"] for r in rows):
        db_rows = [r for r in rows if r["database"] == db]
        floor_post = next((float(r["rps"]) for r in db_rows if r["kind"] == "floor-post"), 0.0)
        floor_get = next((float(r["rps"]) for r in db_rows if r["kind"] == "floor-get"), 0.0)
        m = meta.get(db, {})
        out.append(f"### {names.get(db, db)}")
        out.append("")
        out.append("| Endpoint | req/s | p50 ms | p99 ms | errors | vs floor | server CPU ms/req | database CPU ms/req | target |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in db_rows:
            rps, p50, p99 = float(r["rps"]), float(r["p50_ms"]), float(r["p99_ms"])
            errors = int(r["non2xx"]) + int(r["socket_errors"])
            kind = r["kind"]
            floor = floor_get if kind in ("read", "floor-get") else floor_post
            ratio = "1.00x" if kind.startswith("floor") else (f"{rps / floor:.2f}x" if floor else "-")
            v = verdict(kind, rps, p99, floor_post)
            if v.startswith("**MISSED"):
                missed.append(f"{names.get(db, db)} {r['endpoint']}: {v[len('**MISSED**: '):]}")
            codes = " ".join(c for c in r.get("statuses", "").split() if not c.startswith("2"))
            timeouts = int(r.get("timeouts") or 0)
            sockets = int(r["socket_errors"])
            parts = ([codes] if codes else []) + ([f"{timeouts} timeouts"] if timeouts else []) \
                + ([f"{sockets - timeouts} socket"] if sockets - timeouts else [])
            err = f"{errors} of {r['requests']} ({', '.join(parts)})" if errors else "0"
            cpu = float(r.get("cpu_ms") or 0)
            cpu_text = f"{cpu:.2f}" if cpu else "-"
            db_cpu = float(r.get("db_cpu_ms") or 0)
            # On SQLite the database runs inside the API (the idle PostgreSQL cluster's few ticks are not its cost).
            db_cpu_text = "(in process)" if db == "Sqlite" else (f"{db_cpu:.2f}" if db_cpu else "-")
            out.append(f"| {r['endpoint']} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {err} | {ratio} | {cpu_text} | {db_cpu_text} | {v} |")
        out.append("")
        rss = m.get("api_rss_mib", ["?"])[0]
        floor_rss = m.get("floor_rss_mib", ["?"])[0]
        out.append(f"Peak RSS (VmHWM at the end): ClinicOps API {rss} MiB; floor {floor_rss} MiB.")
        for line in m.get("durability", []):
            out.append(f"Effective durability (read back by the floor): {line}.")
        if m.get("load_before"):
            out.append(f"Load average (1/5/15 min) before this database: {m['load_before'][0]}; after: "
                       f"{m.get('load_after', ['?'])[0]} (other work on the machine shares the 2 cores).")
        for line in m.get("seed", []):
            out.append(f"Seeding took {line}.")
        for line in m.get("sample_error", []):
            out.append(f"First error response seen: {line}")
        for line in m.get("api_errors_logged", []):
            out.append(f"API log, Error/Critical: {line.rstrip('.')}.")
        if any("OperationCanceled" in l or "transaction" in l for l in m.get("api_errors_logged", [])):
            out.append("(EF Core's transaction and command errors are requests still in flight when wrk closes its "
                       "connections at the end of a run: the client's abort cancels the request's database work, EF Core "
                       "logs that at Error, and the API answers nothing (it records status 499). A failed "
                       "`__EFMigrationsHistory` query at startup is EF Core probing an empty PostgreSQL database.)")
        out.append("")

    out.append("### Targets missed")
    out.append("")
    if missed:
        out.extend(f"- {m}" for m in missed)
    else:
        out.append("- none")
    out.append("")
    out.append("Tuning so far (docs/decisions/0011-durability-and-write-path.md, 0012-reminders-outbox-and-quartz.md, "
               "0016-pooled-db-context.md, 0017-patient-name-search.md, 0019-sqlite-statement-cache.md, 0020-sqlite-group-commit.md): SQLite writers queue on an in-process write "
               "gate, and Quartz, which cannot take that turn, keeps its store in a file of its own; a SQLite writer gives up the "
               "turn at its commit and waits for a shared fsync of the log outside it (group commit); SQLite keeps "
               "temporary storage (the savepoint sub-journal of each save) in memory, not in files created inside the "
               "write turn; PostgreSQL compresses large values (screening JSON, stored responses) with lz4; a keyed POST's "
               "transaction begins at its first write, so the key lookup and the handler's reads run outside the write turn; "
               "a keyed POST is one transaction (key lookup, change, audit, stored response); the DbContext is pooled with "
               "singleton interceptors; site filters send their id list as one parameter, so each query's SQL is generated "
               "once; PostgreSQL statements are prepared (Max Auto Prepare) and pooled connections are not reset between requests, and on SQLite requests borrow open connections "
               "that keep EF Core's statements prepared (Microsoft.Data.Sqlite keeps none between EF's commands); the session reads and the day sheet are "
               "compiled queries that share one open of the connection, and so is the patient read; the name search is a "
               "FHIR-style prefix match served by an index, whose union carries patient ids only; read audits are stored in batches off the request path (on PostgreSQL by binary COPY), "
               "in a bounded queue (a read "
               "waits for room when the writer falls behind, so its figure includes storing its audit entries); validators "
               "are built once per process. Profiled with perf (DOTNET_PerfMapEnabled=1) and the CPU columns above: the "
               "endpoints are CPU-bound on the 2 cores they share with wrk and PostgreSQL; a registration costs the API "
               "about 1.2-2 ms of CPU against the floor's 0.1-0.3 ms, spent across authentication, the idempotency record, "
               "EF Core's SaveChanges with its interceptors (outbox, stamping, audit), and the kernel's network and fsync "
               "work, with no single dominant cost left.")
    section = "\n".join(out) + "\n"

    if a.quick == "1":
        print(section)
        return
    replace_section(a.out, "## Load (wrk)", section)
    print(section)


if __name__ == "__main__":
    main()
