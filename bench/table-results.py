#!/usr/bin/env python3
"""Time from execute to output of a %%sql result of 10,000 and 100,000 rows x 8 columns, and the
kernel's peak memory, for the emr-livy kernel and for sparkmagic's Spark kernel on one Livy, next
to fetching the same statement's JSON from Livy directly.

  emr-livy    `%%sql -n N` (the whole result in the table; its chart computed by Spark)
  sparkmagic  `%%sql -n N` (sparkmagic 0.23: Scala toJSON.take(N), pandas, its autoviz widget)
  direct      POST the SELECT the emr-livy kernel fetched the rows with (the query wrapped in
              SELECT * … LIMIT N+1) as Livy's sql kind on its session, GET it back to back until
              available, and parse its JSON: Livy's answer, as fast as a client can have it. From
              -n 20000 on the kernel sends that SELECT inside a compact fetch (a spark statement,
              kernel/src/results/compact-fetch.ts); the SELECT is read out of the call
  compact     (from -n 20000 on) POST that very compact statement, GET it back to back, and decode
              its payload (Base64, gunzip, JSON): the compact fetch, as fast as a client can have it

Time is client-side, execute_request -> execute_reply (every output is published before the
reply). Peak memory is the kernel process's VmHWM after each size (sizes run smallest first).

Run with the stack's venv:  .stack/venv/bin/python bench/table-results.py
See bench/README.md. Hand-run only: nothing here asserts on time.
"""

import argparse
import base64
import gzip
import importlib.util
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The harness of statement-overhead.py (Livy client, kernel driver, machine facts, sparkmagic's
# throwaway home), loaded from its file because its name is not an importable module name.
_spec = importlib.util.spec_from_file_location("statement_overhead", Path(__file__).with_name("statement-overhead.py"))
overhead = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(overhead)

def query(rows):
    """Eight columns of the usual kinds: numbers, text, a date, doubles."""
    return (
        "SELECT id, concat('region-', CAST(id % 5 AS STRING)) AS region, "
        "date_add(DATE'2026-01-01', CAST(id % 30 AS INT)) AS day, CAST(id % 1000 AS DOUBLE) / 10 AS amount, "
        "CAST(id % 7 AS INT) AS weekday, id * 3 % 11 AS qty, CAST(id % 13 AS DOUBLE) AS score, "
        f"concat('c', CAST(id % 4 AS STRING)) AS channel FROM range({rows})"
    )


def peak_rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def kernel_pid(run):
    return run.km.provisioner.pid


def direct_sql(livy, sid, code):
    """Seconds from the POST to the parsed JSON of the finished sql statement, its row count and id."""
    seconds, st = livy.run_direct(sid, code, 0, kind="sql")
    return seconds, len(st["output"]["data"]["application/json"]["data"]), st["id"]


COMPACT_CALL = re.compile(r"^EmrCompactFetch_\w+\.fetch\((.*), (\d+)\)$", re.S)
BASE64_LITERAL = re.compile(r'^new String\(java\.util\.Base64\.getDecoder\.decode\("([A-Za-z0-9+/=]*)"\), "UTF-8"\)$')
COMPACT_ROWS = "EMR_COMPACT_FETCH rows "


def fetched_select(code):
    """The SELECT inside a compact fetch call, whose string literal is Base64 or plain quoted
    ASCII without quotes or backslashes (scalaString); any other statement as it is (a sql-kind
    fetch is its own SELECT)."""
    call = COMPACT_CALL.match(code.strip())
    if call is None:
        return code
    literal = BASE64_LITERAL.match(call.group(1))
    if literal:
        return base64.b64decode(literal.group(1)).decode("utf-8")
    return call.group(1)[1:-1] if call.group(1).startswith('"') else None


def direct_compact(livy, sid, code):
    """Seconds from the POST of a compact fetch statement to its decoded rows, and their count."""
    t0 = time.perf_counter()
    _, st = livy.run_direct(sid, code, 0, kind="spark")
    text = st["output"]["data"]["text/plain"]
    line = next(line for line in text.splitlines() if line.startswith(COMPACT_ROWS))
    rows = json.loads(gzip.decompress(base64.b64decode(line[len(COMPACT_ROWS):])))["data"]
    return time.perf_counter() - t0, len(rows), st["id"]


def statements_after(livy, sid, after):
    """(id, code) of the session's statements after id `after`, read one by one: Livy builds a
    listing from every retained output, megabytes each here, and answers it too slowly."""
    found = []
    while True:
        r = livy.http.get(f"{livy.url}/sessions/{sid}/statements/{after + 1}", timeout=120)
        if r.status_code != 200:
            return found
        after += 1
        found.append((after, r.json().get("code", "")))


def own_session(livy, before, marker):
    """The session this kernel started: new since `before`, and one of its statements carries
    `marker` (each kernel wraps the cell in its own code). Other jobs start sessions meanwhile."""
    for sid in sorted(livy.session_ids() - before):
        stmts = livy.get(f"/sessions/{sid}/statements?size=1000").get("statements", [])
        if any(marker in s.get("code", "") for s in stmts):
            return sid
    return None


def bench_kernel(label, kernel_name, env, spec_dirs, livy, sizes, runs, warmup, start_timeout, direct):
    print(f"[{label}] starting kernel {kernel_name}", flush=True)
    before = livy.session_ids()
    run = overhead.KernelRun(kernel_name, env, spec_dirs)
    result = {"sizes": {}}
    sid = None
    try:
        first = "%%sql\nSELECT 1 AS one"
        first_s, status, out = run.execute(first, timeout=start_timeout)
        print(f"[{label}] first cell (session start) {first_s:.1f}s status={status}", flush=True)
        if status != "ok":
            raise RuntimeError(f"[{label}] first cell failed: {out[-2000:]!r}")
        sid = own_session(livy, before, "SELECT 1 AS one")
        if sid is None:
            raise RuntimeError(f"[{label}] could not identify the kernel's Livy session")
        result["session"] = sid
        last_id = max(s["id"] for s in livy.get(f"/sessions/{sid}/statements").get("statements", []))
        for rows in sizes:
            code = f"%%sql -n {rows}\n{query(rows)}"
            for _ in range(warmup):
                run.execute(code, timeout=start_timeout)
            kernel_s, direct_s, compact_s = [], [], []
            for i in range(runs):
                dt, status, out = run.execute(code, timeout=start_timeout)
                if status != "ok" or "Error" in out[:200]:
                    raise RuntimeError(f"[{label}] {rows} rows, run {i}: {status} {out[:1000]!r}")
                kernel_s.append(dt)
                if direct:
                    sent = statements_after(livy, sid, last_id)
                    fetches = [code for _, code in sent if (fetched_select(code) or "").rstrip().endswith(f"LIMIT {rows + 1}")]
                    if not fetches:
                        raise RuntimeError(f"[{label}] no statement of the cell fetches its rows with LIMIT {rows + 1}")
                    ds, got, last_id = direct_sql(livy, sid, fetched_select(fetches[0]))
                    if got != rows:
                        raise RuntimeError(f"direct: {got} rows, not {rows}: raise livy.rsc.sql.num-rows")
                    direct_s.append(ds)
                    if COMPACT_CALL.match(fetches[0].strip()):
                        cs, got, last_id = direct_compact(livy, sid, fetches[0])
                        if got != rows:
                            raise RuntimeError(f"compact: {got} rows, not {rows}")
                        compact_s.append(cs)
                print(
                    f"[{label}] {rows} rows run {i}: kernel {dt:.2f}s"
                    + (f", direct {direct_s[-1]:.2f}s" if direct_s else "")
                    + (f", compact {compact_s[-1]:.2f}s" if compact_s else ""),
                    flush=True,
                )
            result["sizes"][rows] = {
                "kernel_s": kernel_s,
                "direct_s": direct_s,
                "kernel_median_s": statistics.median(kernel_s),
                "direct_median_s": statistics.median(direct_s) if direct_s else None,
                "compact_s": compact_s,
                "compact_median_s": statistics.median(compact_s) if compact_s else None,
                "peak_rss_mb": peak_rss_mb(kernel_pid(run)),
                "output_tail": out.strip()[-300:],
            }
        return result
    finally:
        run.shutdown()
        time.sleep(2)
        if sid is not None and sid in livy.session_ids():
            print(f"[{label}] deleting the session {sid} the kernel left", flush=True)
            livy.delete_session(sid)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--livy-url", default=os.environ.get("LIVY_URL", "http://127.0.0.1:8998"))
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--kernels", default="emr-livy,sparkmagic")
    ap.add_argument("--num-rows", type=int, default=200000, help="livy.rsc.sql.num-rows for the emr-livy kernel's session")
    ap.add_argument("--start-timeout", type=int, default=600, help="seconds for a session start or one cell")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "table-results.json"))
    args = ap.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    livy = overhead.Livy(args.livy_url)
    info = {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "livy_url": args.livy_url,
        "livy_version": livy.get("/version").get("version"),
        "sizes": sizes,
        "runs": args.runs,
        "warmup": args.warmup,
        "columns": 8,
        **overhead.run_info(),
    }
    results = {"info": info, "kernels": {}}
    tmp = tempfile.mkdtemp(prefix="bench-table-results-")
    try:
        for name in args.kernels.split(","):
            env = dict(os.environ)
            if name == "emr-livy":
                # Livy returns 1,000 rows per sql statement unless told otherwise; the session's
                # conf raises it for this session (the direct fetches run on it too).
                env = overhead.emr_livy_env(
                    tmp, args.livy_url,
                    EMR_LIVY_SQL_ROW_LIMIT=str(args.num_rows),
                    EMR_LIVY_SESSION_DEFAULTS=json.dumps({"kind": "spark", "conf": {"livy.rsc.sql.num-rows": str(args.num_rows)}}),
                )
                results["kernels"][name] = bench_kernel(name, "emr-livy", env, None, livy, sizes, args.runs, args.warmup, args.start_timeout, True)
            elif name == "sparkmagic":
                home, conf_dir, spec_root = overhead.write_sparkmagic_home(tmp, args.livy_url, args.start_timeout)
                env.update(HOME=str(home), SPARKMAGIC_CONF_DIR=str(conf_dir))
                results["kernels"][name] = bench_kernel(name, "sparkkernel", env, [str(spec_root)], livy, sizes, args.runs, args.warmup, args.start_timeout, False)
            else:
                raise SystemExit(f"unknown kernel {name}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    info["machine"]["loadavg_end"] = os.getloadavg()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1))
    print(f"wrote {args.out}")
    ks = results["kernels"]
    print("\n| rows x 8 columns | direct JSON, sql kind (s) | direct compact fetch (s) | emr-livy (s) | emr-livy / direct | sparkmagic (s) | sparkmagic / emr-livy | peak RSS emr-livy / sparkmagic (MB) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for rows in sizes:
        e = ks.get("emr-livy", {}).get("sizes", {}).get(rows, {})
        s = ks.get("sparkmagic", {}).get("sizes", {}).get(rows, {})
        d, c, k, m = e.get("direct_median_s"), e.get("compact_median_s"), e.get("kernel_median_s"), s.get("kernel_median_s")
        fmt = lambda v: f"{v:.2f}" if v is not None else "-"
        ratio = lambda a, b: f"{a / b:.2f}x" if a is not None and b else "-"
        rss = lambda v: f"{v:.0f}" if v is not None else "-"
        print(f"| {rows:,} | {fmt(d)} | {fmt(c)} | {fmt(k)} | {ratio(k, d)} | {fmt(m)} | {ratio(m, k)} | {rss(e.get('peak_rss_mb'))} / {rss(s.get('peak_rss_mb'))} |")


if __name__ == "__main__":
    main()
