#!/usr/bin/env python3
"""Per-statement overhead of the emr-livy kernel and of sparkmagic's Spark kernel on one Livy.

For each kernel: start it, let its first cell start a Livy session, then time N runs of a trivial
Scala statement two ways on that same session, interleaved:

  kernel  client-side execute_request -> execute_reply (jupyter_client, real ZeroMQ)
  direct  POST /sessions/{id}/statements, then GET .../statements/{sid} back to back with no
          sleep until the statement is available: Livy's own time, as fast as it can be observed

overhead = kernel - direct (percentile by percentile, and per interleaved pair).

Run with the stack's venv (it has jupyter_client, requests, sparkmagic and the emr-livy
kernelspec):  .stack/venv/bin/python bench/statement-overhead.py
See bench/README.md. Hand-run only: nothing here asserts on time.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

# The statistics and machine description the issue-19 benches use too, from their shared harness.
from kernel_clock import machine_info, percentile, repl_ms

REPO = Path(__file__).resolve().parent.parent
FINAL_STATEMENT_STATES = {"available", "error", "cancelled"}
# Livy 0.9 answers a POST without it with 400 when CSRF protection is on, as on this stack.
LIVY_HEADERS = {"X-Requested-By": "bench-statement-overhead", "Content-Type": "application/json"}



def summary(values_s):
    ms = [v * 1000 for v in values_s]
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "min": min(ms), "max": max(ms), "n": len(ms)}


class Livy:
    def __init__(self, url):
        self.url = url.rstrip("/")
        # One keep-alive connection: a new TCP connect per poll would be client cost, not Livy's.
        self.http = requests.Session()
        self.http.headers.update(LIVY_HEADERS)

    def get(self, path):
        r = self.http.get(self.url + path, timeout=30)
        r.raise_for_status()
        return r.json()

    def session_ids(self):
        return {s["id"] for s in self.get("/sessions?size=1000")["sessions"]}

    def delete_session(self, sid):
        self.http.delete(f"{self.url}/sessions/{sid}", timeout=30)

    def run_direct(self, sid, code, poll_s, kind="spark"):
        """Seconds from sending the POST to first seeing the statement final, and the statement."""
        t0 = time.perf_counter()
        r = self.http.post(f"{self.url}/sessions/{sid}/statements", json={"code": code, "kind": kind}, timeout=30)
        r.raise_for_status()
        st = r.json()
        path = f"{self.url}/sessions/{sid}/statements/{st['id']}"
        while st["state"] not in FINAL_STATEMENT_STATES:
            if poll_s:
                time.sleep(poll_s)
            st = self.http.get(path, timeout=30).json()
        t1 = time.perf_counter()
        out = st.get("output") or {}
        if st["state"] != "available" or out.get("status") != "ok":
            raise RuntimeError(f"direct statement failed: {json.dumps(st)[:500]}")
        return t1 - t0, st

    def latest_statement(self, sid, after_id, code):
        """The statement a kernel just ran: the next id after the last one seen, checked by its code.
        Read one by one because the REPL keeps only the last livy.rsc.retained-statements (100)."""
        for _ in range(5):
            r = self.http.get(f"{self.url}/sessions/{sid}/statements/{after_id + 1}", timeout=30)
            if r.status_code == 200:
                st = r.json()
                if st.get("code", "").strip() == code.strip() and st["state"] in FINAL_STATEMENT_STATES:
                    return st
                after_id += 1
                continue
            break
        return None



class KernelRun:
    """One kernel process driven by jupyter_client, the same way for both kernels."""

    def __init__(self, kernel_name, env, spec_dirs):
        ksm = KernelSpecManager(kernel_dirs=spec_dirs) if spec_dirs else KernelSpecManager()
        self.km = KernelManager(kernel_name=kernel_name, kernel_spec_manager=ksm)
        self.km.start_kernel(env=env)
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def drain_iopub(self, msg_id, timeout):
        """Outputs of one request, up to its idle status; read after the clock stops."""
        texts, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            except Exception:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            c, t = msg["content"], msg["msg_type"]
            if t == "stream":
                texts.append(c.get("text", ""))
            elif t in ("execute_result", "display_data", "update_display_data"):
                texts.append(c.get("data", {}).get("text/plain", ""))
            elif t == "error":
                texts.append(f"{c.get('ename')}: {c.get('evalue')}")
            elif t == "status" and c.get("execution_state") == "idle":
                break
        return "".join(texts)

    def execute(self, code, timeout=60):
        """Seconds from sending execute_request to receiving its execute_reply, and the outputs."""
        t0 = time.perf_counter()
        msg_id = self.kc.execute(code)
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        t1 = time.perf_counter()
        out = self.drain_iopub(msg_id, timeout)
        return t1 - t0, reply["content"]["status"], out

    def shutdown(self):
        self.kc.stop_channels()
        # Graceful (shutdown_request), so each kernel gets the chance to delete its own session.
        self.km.shutdown_kernel(now=False)


def find_kernel_session(livy, before, code):
    """The session this kernel started: new since `before`, and it has run `code`."""
    for sid in sorted(livy.session_ids() - before):
        stmts = livy.get(f"/sessions/{sid}/statements?size=1000").get("statements", [])
        if any(s.get("code", "").strip() == code for s in stmts):
            return sid
    return None


def bench_kernel(label, livy, kernel_name, env, spec_dirs, code, expect, runs, warmup, start_timeout, poll_s):
    print(f"[{label}] starting kernel {kernel_name}", flush=True)
    before = livy.session_ids()
    kr = KernelRun(kernel_name, env, spec_dirs)
    sid = None
    try:
        first_s, status, out = kr.execute(code, timeout=start_timeout)
        print(f"[{label}] first cell (session start) {first_s:.1f}s status={status} out={out.strip()[-200:]!r}", flush=True)
        if status != "ok" or expect not in out:
            raise RuntimeError(f"[{label}] first cell did not return {expect!r}: {status} {out[-2000:]!r}")
        sid = find_kernel_session(livy, before, code)
        if sid is None:
            raise RuntimeError(f"[{label}] could not identify the kernel's Livy session")
        print(f"[{label}] Livy session {sid}; warm-up {warmup} pairs", flush=True)
        last_id = max(s["id"] for s in livy.get(f"/sessions/{sid}/statements").get("statements", []))
        for _ in range(warmup):
            kr.execute(code)
            _, st = livy.run_direct(sid, code, poll_s)
            last_id = st["id"]
        kernel_t, direct_t, kernel_repl, direct_repl = [], [], [], []
        for i in range(runs):
            # Alternate which goes first so neither systematically follows the other's GC or poll.
            order = ("k", "d") if i % 2 == 0 else ("d", "k")
            for which in order:
                if which == "k":
                    dt, status, out = kr.execute(code)
                    if status != "ok" or expect not in out:
                        raise RuntimeError(f"[{label}] run {i}: {status} {out[-500:]!r}")
                    kernel_t.append(dt)
                    st = livy.latest_statement(sid, last_id, code)
                    kernel_repl.append(repl_ms(st))
                    if st:
                        last_id = st["id"]
                else:
                    dt, st = livy.run_direct(sid, code, poll_s)
                    text = (st.get("output") or {}).get("data", {}).get("text/plain", "")
                    if expect not in text:
                        raise RuntimeError(f"[{label}] direct run {i}: {text!r}")
                    direct_t.append(dt)
                    direct_repl.append(repl_ms(st))
                    last_id = st["id"]
            if (i + 1) % 50 == 0:
                print(f"[{label}] {i + 1}/{runs}", flush=True)
        return {
            "session": sid,
            "first_cell_s": first_s,
            "kernel_ms": [v * 1000 for v in kernel_t],
            "direct_ms": [v * 1000 for v in direct_t],
            "kernel_repl_ms": kernel_repl,
            "direct_repl_ms": direct_repl,
        }
    finally:
        kr.shutdown()
        time.sleep(2)
        if sid is not None and sid in livy.session_ids():
            st = livy.get(f"/sessions/{sid}")["state"]
            print(f"[{label}] kernel left session {sid} ({st}) behind; deleting it", flush=True)
            livy.delete_session(sid)


def emr_livy_env(tmp, livy_url, **extra):
    """The emr-livy kernel's environment: empty HOME/XDG so a developer's ~/.config/emr-livy cannot
    change the defaults measured, no progress display, and `extra` variables on top."""
    env = dict(os.environ)
    home = Path(tmp) / "emr-home"
    (home / ".config").mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), LIVY_URL=livy_url,
               EMR_LIVY_PROGRESS_DELAY_MS="600000", EMR_LIVY_LOG_LEVEL="warn", **extra)
    env.pop("EMR_LIVY_CONFIG", None)
    return env


def run_info():
    """What every result file records about the code and the machine it measured."""
    return {
        "git_commit": subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "sparkmagic": __import__("importlib.metadata").metadata.version("sparkmagic"),
        "machine": machine_info(),
    }


def write_sparkmagic_home(tmp, livy_url, start_timeout):
    """A throwaway HOME with sparkmagic's config and kernelspec; the real ~ is never touched."""
    home = Path(tmp) / "home"
    conf_dir = home / ".sparkmagic"
    conf_dir.mkdir(parents=True)
    # Keys from sparkmagic 0.23's utils/configuration.py; everything else stays at its default.
    conf = {
        "kernel_scala_credentials": {"username": "", "base64_password": "", "url": livy_url, "auth": "None"},
        # sparkmagic sends no X-Requested-By of its own; without this Livy's CSRF filter answers 400.
        "custom_headers": {"X-Requested-By": "sparkmagic"},
        "livy_session_startup_timeout_seconds": start_timeout,
    }
    (conf_dir / "config.json").write_text(json.dumps(conf, indent=2))
    spec_root = Path(tmp) / "kernels"
    spec_dir = spec_root / "sparkkernel"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "sparkmagic.kernels.sparkkernel.sparkkernel", "-f", "{connection_file}"],
        "display_name": "Spark",
        "language": "scala",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return home, conf_dir, spec_root


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--livy-url", default=os.environ.get("LIVY_URL", "http://127.0.0.1:8998"))
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--code", default="1 + 1")
    ap.add_argument("--expect", default="= 2", help="text every output must contain")
    ap.add_argument("--direct-poll-ms", type=float, default=0.0,
                    help="sleep between direct GETs; 0 (the default) polls back to back")
    ap.add_argument("--kernels", default="emr-livy,sparkmagic")
    ap.add_argument("--start-timeout", type=int, default=300, help="seconds for a session to start")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "statement-overhead.json"))
    args = ap.parse_args()

    livy = Livy(args.livy_url)
    info = {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "livy_url": args.livy_url,
        "livy_version": livy.get("/version").get("version"),
        "code": args.code,
        "runs": args.runs,
        "warmup": args.warmup,
        **run_info(),
    }
    results = {"info": info, "kernels": {}}
    tmp = tempfile.mkdtemp(prefix="bench-statement-overhead-")
    try:
        for name in args.kernels.split(","):
            env = dict(os.environ)
            if name == "emr-livy":
                env = emr_livy_env(tmp, args.livy_url)
                r = bench_kernel(name, livy, "emr-livy", env, None, args.code, args.expect,
                                 args.runs, args.warmup, args.start_timeout, args.direct_poll_ms / 1000)
            elif name == "sparkmagic":
                home, conf_dir, spec_root = write_sparkmagic_home(tmp, args.livy_url, args.start_timeout)
                env.update(HOME=str(home), SPARKMAGIC_CONF_DIR=str(conf_dir))
                r = bench_kernel(name, livy, "sparkkernel", env, [str(spec_root)], args.code, args.expect,
                                 args.runs, args.warmup, args.start_timeout, args.direct_poll_ms / 1000)
            else:
                raise SystemExit(f"unknown kernel {name}")
            k, d = r["kernel_ms"], r["direct_ms"]
            r["summary"] = {
                "kernel": summary([v / 1000 for v in k]),
                "direct": summary([v / 1000 for v in d]),
                "paired_overhead": summary([(a - b) / 1000 for a, b in zip(k, d)]),
            }
            s = r["summary"]
            s["overhead"] = {p: s["kernel"][p] - s["direct"][p] for p in ("p50", "p95")}
            # Time outside the REPL, per statement: removes the REPL's own (large, noisy) compile time.
            kx = [a - b for a, b in zip(k, r["kernel_repl_ms"]) if b is not None]
            dx = [a - b for a, b in zip(d, r["direct_repl_ms"]) if b is not None]
            if len(kx) > 2 and len(dx) > 2:
                s["kernel_minus_repl"] = summary([v / 1000 for v in kx])
                s["direct_minus_repl"] = summary([v / 1000 for v in dx])
                s["repl_kernel_stmts"] = summary([v / 1000 for v in r["kernel_repl_ms"] if v is not None])
                s["repl_direct_stmts"] = summary([v / 1000 for v in r["direct_repl_ms"] if v is not None])
                s["overhead_outside_repl"] = {p: s["kernel_minus_repl"][p] - s["direct_minus_repl"][p] for p in ("p50", "p95")}
            results["kernels"][name] = r
            print(f"[{name}] " + json.dumps(s), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    info["direct_poll_ms"] = args.direct_poll_ms
    info["machine"]["loadavg_end"] = os.getloadavg()
    ks = results["kernels"]
    if "emr-livy" in ks and "sparkmagic" in ks:
        results["ratio_p50"] = ks["sparkmagic"]["summary"]["overhead"]["p50"] / ks["emr-livy"]["summary"]["overhead"]["p50"]
        results["ratio_p95"] = ks["sparkmagic"]["summary"]["overhead"]["p95"] / ks["emr-livy"]["summary"]["overhead"]["p95"]
        if all("overhead_outside_repl" in ks[n]["summary"] for n in ("emr-livy", "sparkmagic")):
            a, b = ks["emr-livy"]["summary"]["overhead_outside_repl"], ks["sparkmagic"]["summary"]["overhead_outside_repl"]
            results["ratio_outside_repl_p50"] = b["p50"] / a["p50"] if a["p50"] else None
            results["ratio_outside_repl_p95"] = b["p95"] / a["p95"] if a["p95"] else None
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1))
    print(f"wrote {args.out}")
    print("\n| kernel | Livy direct p50 / p95 (ms) | kernel p50 / p95 (ms) | overhead p50 / p95 (ms) | paired overhead p50 / p95 (ms) |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in ks.items():
        s = r["summary"]
        print(f"| {name} | {s['direct']['p50']:.1f} / {s['direct']['p95']:.1f} | {s['kernel']['p50']:.1f} / {s['kernel']['p95']:.1f} "
              f"| {s['overhead']['p50']:.1f} / {s['overhead']['p95']:.1f} | {s['paired_overhead']['p50']:.1f} / {s['paired_overhead']['p95']:.1f} |")
    print("\n| kernel | REPL time p50 (kernel's / direct's stmts, ms) | kernel - REPL p50 / p95 | direct - REPL p50 / p95 | overhead outside REPL p50 / p95 |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in ks.items():
        s = r["summary"]
        if "overhead_outside_repl" in s:
            print(f"| {name} | {s['repl_kernel_stmts']['p50']:.0f} / {s['repl_direct_stmts']['p50']:.0f} "
                  f"| {s['kernel_minus_repl']['p50']:.1f} / {s['kernel_minus_repl']['p95']:.1f} "
                  f"| {s['direct_minus_repl']['p50']:.1f} / {s['direct_minus_repl']['p95']:.1f} "
                  f"| {s['overhead_outside_repl']['p50']:.1f} / {s['overhead_outside_repl']['p95']:.1f} |")
    if "ratio_p50" in results:
        print(f"\nsparkmagic/emr-livy overhead ratio: p50 {results['ratio_p50']:.1f}x, p95 {results['ratio_p95']:.1f}x"
              f" (outside REPL: p50 {results.get('ratio_outside_repl_p50')}, p95 {results.get('ratio_outside_repl_p95')})")


if __name__ == "__main__":
    main()
