#!/usr/bin/env python3
"""What live Spark job progress costs a statement (issue 19): p50/p95 of a short Spark statement
through the emr-livy kernel with sparkJobProgress on and off.

Two kernels on ONE Livy session, so both run their statements in the same Spark application
(same JIT-warm driver, same executors):

  on   EMR_LIVY_SPARK_JOB_PROGRESS=true, starts the session (with the kernel, the default)
  off  EMR_LIVY_SPARK_JOB_PROGRESS=false, attaches to that session with `%connect URL --session ID`

Both with EMR_LIVY_PROGRESS_DELAY_MS=0, so the progress display (and, for `on`, the Spark UI
polling and the summary's last look) runs on every statement. Pairs alternate which kernel goes
first. Per statement also Livy's own REPL time (completed - started), so the comparison can be
made without the Spark job's own variation: kernel time - REPL time.

Run with the stack's venv:  .stack/venv/bin/python bench/progress-overhead.py
See bench/README.md. Hand-run only: nothing here asserts on time.
"""

import argparse
import os
import shutil
import tempfile
import uuid

import kernel_clock as kc

# The summary line of the live Spark progress ends with a link to the Spark UI; the plain Livy
# progress bar has none. It tells that the `on` kernel really showed Spark jobs.
SPARK_SUMMARY_MARK = "Spark UI:"


def start(label, tmp, args, prefix, progress_on, early_start):
    name, spec_dir, env = kc.emr_livy_kernel(
        tmp, label, args.livy_url, args.kernel_main, prefix,
        EMR_LIVY_SPARK_JOB_PROGRESS="true" if progress_on else "false",
        EMR_LIVY_START_SESSION_WITH_KERNEL="true" if early_start else "false",
        EMR_LIVY_PROGRESS_DELAY_MS="0")
    return kc.Kernel(name, spec_dir, env)


def must(kernel, label, code, expect, timeout=60):
    seconds, status, out = kernel.execute(code, timeout=timeout)
    if status != "ok" or expect not in out:
        raise RuntimeError(f"[{label}] {code!r}: {status} {out[-1500:]!r}")
    return seconds, out


class Clock:
    """Runs the statement on one kernel and pairs its time with the REPL time of the statement
    it sent (the shared session's next statement carrying the code)."""

    def __init__(self, livy, sid, code, expect):
        self.livy, self.sid, self.code, self.expect = livy, sid, code, expect
        self.last_id = livy.last_statement_id(sid)

    def run(self, kernel, label):
        seconds, out = must(kernel, label, self.code, self.expect)
        new = self.livy.statements_after(self.sid, self.last_id)
        if new:
            self.last_id = new[-1]["id"]
        ours = [s for s in new if self.code in s.get("code", "")]
        return {"kernel_ms": seconds * 1000, "repl_ms": kc.repl_ms(ours[-1]) if ours else None,
                "spark_summary": SPARK_SUMMARY_MARK in out}


def compare(samples):
    """p50/p95 per side and the on - off differences, of the kernel time and of kernel - REPL."""
    result = {}
    for side, rows in samples.items():
        result[side] = {"kernel_ms": kc.summary_ms([r["kernel_ms"] for r in rows])}
        outside = [r["kernel_ms"] - r["repl_ms"] for r in rows if r["repl_ms"] is not None]
        if len(outside) > 2:
            result[side]["kernel_minus_repl_ms"] = kc.summary_ms(outside)
            result[side]["repl_ms"] = kc.summary_ms([r["repl_ms"] for r in rows if r["repl_ms"] is not None])
        result[side]["spark_summary_shown"] = sum(r["spark_summary"] for r in rows)
    for metric in ("kernel_ms", "kernel_minus_repl_ms", "repl_ms"):
        if metric in result["on"] and metric in result["off"]:
            result[f"on_minus_off_{metric}"] = {p: result["on"][metric][p] - result["off"][metric][p] for p in ("p50", "p95")}
    pairs = [a["kernel_ms"] - b["kernel_ms"] for a, b in zip(samples["on"], samples["off"])]
    result["paired_on_minus_off_ms"] = kc.summary_ms(pairs)
    return result


def print_table(result):
    print("\n| progress | kernel p50 / p95 (ms) | REPL p50 (ms) | kernel - REPL p50 / p95 (ms) | Spark summary shown |")
    print("| --- | --- | --- | --- | --- |")
    for side in ("on", "off"):
        r = result[side]
        k, x = r["kernel_ms"], r.get("kernel_minus_repl_ms")
        repl = f"{r['repl_ms']['p50']:.0f}" if "repl_ms" in r else "-"
        outside = f"{x['p50']:.1f} / {x['p95']:.1f}" if x else "-"
        print(f"| {side} | {k['p50']:.1f} / {k['p95']:.1f} | {repl} | {outside} | {r['spark_summary_shown']}/{k['n']} |")
    for metric in ("kernel_ms", "kernel_minus_repl_ms"):
        d = result.get(f"on_minus_off_{metric}")
        if d:
            print(f"on - off, {metric}: p50 {d['p50']:+.1f} ms, p95 {d['p95']:+.1f} ms")
    p = result["paired_on_minus_off_ms"]
    print(f"on - off per pair: p50 {p['p50']:+.1f} ms, p95 {p['p95']:+.1f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--livy-url", default=os.environ.get("LIVY_URL", "http://127.0.0.1:8998"))
    ap.add_argument("--runs", type=int, default=30, help="measured pairs (one statement per kernel)")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--code", default="spark.range(0, 1000000, 1, 2).count()")
    ap.add_argument("--expect", default="1000000", help="text every output must contain")
    ap.add_argument("--kernel-main", default=str(kc.REPO / "kernel" / "lib" / "main.js"),
                    help="the built emr-livy kernel to run")
    ap.add_argument("--start-timeout", type=int, default=300, help="seconds for the session to start")
    ap.add_argument("--out", default=str(kc.REPO / "bench" / "results" / "progress-overhead.json"))
    args = ap.parse_args()

    livy = kc.Livy(args.livy_url)
    prefix = f"bench-po-{uuid.uuid4().hex[:6]}"
    info = {**kc.machine_info(), "livy_url": args.livy_url, "livy_version": livy.version(), "code": args.code,
            "runs": args.runs, "warmup": args.warmup, "kernel_main": args.kernel_main, "session_prefix": prefix}
    tmp = tempfile.mkdtemp(prefix="bench-progress-")
    kernels = {}
    try:
        kernels["on"] = start("on", tmp, args, prefix, progress_on=True, early_start=True)
        must(kernels["on"], "on", "1 + 1", "= 2", timeout=args.start_timeout)
        (session,) = livy.sessions_named(prefix)
        sid = session["id"]
        print(f"session {sid} ({session['name']}); load {os.getloadavg()[0]:.1f}", flush=True)
        kernels["off"] = start("off", tmp, args, prefix, progress_on=False, early_start=False)
        must(kernels["off"], "off", f"%connect {args.livy_url} --session {sid}", str(sid))
        must(kernels["off"], "off", "1 + 1", "= 2")

        clock = Clock(livy, sid, args.code, args.expect)
        samples = {"on": [], "off": []}
        for i in range(args.warmup + args.runs):
            # Alternate which kernel goes first, so neither always runs right after the other.
            order = ("on", "off") if i % 2 == 0 else ("off", "on")
            pair = {side: clock.run(kernels[side], side) for side in order}
            if i >= args.warmup:
                for side in order:
                    samples[side].append(pair[side])
            if (i + 1) % 10 == 0:
                print(f"{i + 1}/{args.warmup + args.runs} pairs, load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        # The attached kernel first: it never deletes the session; the owner then deletes it.
        for side in ("off", "on"):
            if side in kernels:
                kernels[side].shutdown()
        info["sessions_deleted_here"] = livy.clean_up(prefix)
        info["sessions_of_run_left"] = [s["id"] for s in livy.sessions_named(prefix)]
        shutil.rmtree(tmp, ignore_errors=True)
    result = compare(samples)
    kc.write_results(args.out, {"info": info, "samples": samples, "summary": result})
    print_table(result)
    print(f"sessions of this run still on Livy: {info['sessions_of_run_left'] or 'none'}")


if __name__ == "__main__":
    main()
