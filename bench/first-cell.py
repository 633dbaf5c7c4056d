#!/usr/bin/env python3
"""The first cell of a notebook (issue 19): a user opens a notebook and runs `1 + 1` some seconds
later. Time from sending that execute_request to its execute_reply, for

  emr-livy        defaults: the kernel starts its Livy session as it starts
  sparkmagic      sparkmagic's Scala kernel: the first cell starts the session
  emr-livy-late   emr-livy with EMR_LIVY_START_SESSION_WITH_KERNEL=false (what the early start buys)

all on the same Livy, one kernel at a time (two Spark sessions starting at once on two cores
would slow each other), interleaved: for each repetition and delay, every kernel once, in an
order rotated per repetition. Each kernel is shut down gracefully after its cell and every Livy
session the run named is checked gone (deleted here if a kernel left it).

Run with the stack's venv:  .stack/venv/bin/python bench/first-cell.py
See bench/README.md. Hand-run only: nothing here asserts on time.
"""

import argparse
import os
import shutil
import statistics
import tempfile
import time
import uuid

import kernel_clock as kc

KINDS = ("emr-livy", "sparkmagic", "emr-livy-late")


def start_kernel(kind, tmp, label, args, session_prefix, sparkmagic_python):
    if kind == "sparkmagic":
        name, spec_dir, env = kc.sparkmagic_kernel(tmp, label, args.livy_url, sparkmagic_python,
                                                   session_prefix, args.start_timeout)
    else:
        early = "true" if kind == "emr-livy" else "false"
        name, spec_dir, env = kc.emr_livy_kernel(tmp, label, args.livy_url, args.kernel_main, session_prefix,
                                                 EMR_LIVY_START_SESSION_WITH_KERNEL=early)
    return kc.Kernel(name, spec_dir, env)


def trial(kind, delay_s, tmp, label, args, livy, run_tag, sparkmagic_python):
    """One user: open the notebook (start the kernel), wait delay_s from that moment, run the cell."""
    # A name per trial, so a session a kernel leaves behind is attributed to it and never confused
    # with another job's session on the shared Livy.
    prefix = f"{run_tag}-{label}"
    load = os.getloadavg()[0]
    kernel = start_kernel(kind, tmp, label, args, prefix, sparkmagic_python)
    try:
        time.sleep(max(0.0, kernel.started + delay_s - time.perf_counter()))
        elapsed, status, out = kernel.execute(args.code, timeout=args.start_timeout)
    finally:
        kernel.shutdown()
        left = livy.clean_up(prefix)
    ok = status == "ok" and args.expect in out
    print(f"[{label}] {kind:13s} at {delay_s:>2} s: {elapsed:6.2f} s  ready {kernel.ready_s:4.1f} s  "
          f"load {load:.1f}  {'ok' if ok else 'FAILED'}" + (f"  left {left}" if left else ""), flush=True)
    if not ok:
        print(out[-2000:], flush=True)
    return {"kind": kind, "delay_s": delay_s, "label": label, "seconds": elapsed, "ok": ok,
            "kernel_ready_s": kernel.ready_s, "loadavg_1m": load, "left_behind": left, "output_tail": out.strip()[-400:]}


def schedule(reps, delays, kinds):
    """Interleaved order: each repetition runs every (delay, kernel), the kernels rotated per
    repetition so none always goes first (right after the previous session's JVM exits)."""
    for rep in range(reps):
        for delay in delays:
            r = rep % len(kinds)
            for kind in kinds[r:] + kinds[:r]:
                yield rep, delay, kind


def summarize(trials, delays, kinds):
    table = {}
    for delay in delays:
        row = {}
        for kind in kinds:
            values = [t["seconds"] for t in trials if t["delay_s"] == delay and t["kind"] == kind and t["ok"]]
            row[kind] = {"median_s": statistics.median(values) if values else None, "values_s": values}
        sm, ours = row.get("sparkmagic", {}).get("median_s"), row.get("emr-livy", {}).get("median_s")
        row["sparkmagic_over_emr_livy"] = sm / ours if sm and ours else None
        late = row.get("emr-livy-late", {}).get("median_s")
        row["late_over_emr_livy"] = late / ours if late and ours else None
        table[str(delay)] = row
    return table


def print_table(table, kinds):
    print("\n| delay | " + " | ".join(f"{k} median (each), s" for k in kinds) + " | sparkmagic / emr-livy |")
    print("| --- | " + " | ".join("---" for _ in kinds) + " | --- |")
    for delay, row in table.items():
        cells = []
        for k in kinds:
            r = row[k]
            each = ", ".join(f"{v:.2f}" for v in r["values_s"])
            cells.append(f"{r['median_s']:.2f} ({each})" if r["median_s"] is not None else "-")
        ratio = row["sparkmagic_over_emr_livy"]
        ratio_text = f"{ratio:.1f}x" if ratio else "-"
        print(f"| {delay} s | " + " | ".join(cells) + f" | {ratio_text} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--livy-url", default=os.environ.get("LIVY_URL", "http://127.0.0.1:8998"))
    ap.add_argument("--delays", default="15,30", help="seconds from opening the notebook to running the cell")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--kernels", default=",".join(KINDS))
    ap.add_argument("--code", default="1 + 1")
    ap.add_argument("--expect", default="= 2", help="text the cell's output must contain")
    ap.add_argument("--kernel-main", default=str(kc.REPO / "kernel" / "lib" / "main.js"),
                    help="the built emr-livy kernel to run")
    ap.add_argument("--start-timeout", type=int, default=300, help="seconds a first cell may take")
    ap.add_argument("--settle", type=float, default=5.0,
                    help="seconds between trials, for the previous session's JVM to exit")
    ap.add_argument("--out", default=str(kc.REPO / "bench" / "results" / "first-cell.json"))
    args = ap.parse_args()
    delays = [int(d) for d in args.delays.split(",")]
    kinds = args.kernels.split(",")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise SystemExit(f"unknown kernels: {', '.join(sorted(unknown))}")

    livy = kc.Livy(args.livy_url)
    sparkmagic_python = kc.ensure_bench_venv() if "sparkmagic" in kinds else None
    run_tag = f"bench-fc-{uuid.uuid4().hex[:6]}"
    info = {**kc.machine_info(), "livy_url": args.livy_url, "livy_version": livy.version(), "code": args.code,
            "delays_s": delays, "reps": args.reps, "kernel_main": args.kernel_main, "session_prefix": run_tag,
            "sparkmagic": kc.package_version(sparkmagic_python, "sparkmagic") if sparkmagic_python else None}
    print(f"run {run_tag}: {len(delays) * len(kinds) * args.reps} trials, load {info['loadavg_start']}", flush=True)
    trials = []
    tmp = tempfile.mkdtemp(prefix="bench-first-cell-")
    try:
        for i, (_, delay, kind) in enumerate(schedule(args.reps, delays, kinds)):
            trials.append(trial(kind, delay, tmp, f"t{i:02d}", args, livy, run_tag, sparkmagic_python))
            time.sleep(args.settle)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        # Whatever happened above, no session of this run may outlive it.
        stray = livy.clean_up(run_tag, grace_s=5)
        info["stray_sessions_deleted_at_end"] = stray
        info["sessions_of_run_left"] = [s["id"] for s in livy.sessions_named(run_tag)]
    table = summarize(trials, delays, kinds)
    kc.write_results(args.out, {"info": info, "trials": trials, "summary": table})
    print_table(table, kinds)
    print(f"sessions of this run still on Livy: {info['sessions_of_run_left'] or 'none'}")


if __name__ == "__main__":
    main()
