#!/usr/bin/env python3
"""The whole result in Spark (issue 22), side by side in one kernel and one Livy session:

  first screen   `%%sql --no-chart` of a 5,000,000-row query (its first 1,000 rows, the count and
                 the view the kernel keeps for paging) vs the same query with `LIMIT 1000` alone
                 (goal: at most 1.2x)
  page           one 200-row page at a random offset over the emr-livy.result-view comm, as a
                 table asks when scrolled (goal: p50 at most 300 ms on the local stack); the first
                 far page, which makes the view's persisted copy, is timed on its own, and each
                 page's time inside Livy's REPL (the statement's started/completed stamps) beside it
  sorted page    the same for the view sorted by score descending: its first far page, then pages
  sort           the first page of the whole result sorted by a column (header click) vs a plain
                 `ORDER BY … DESC LIMIT 1000` cell (goal: at most 1.2x)

Charts are off in both first-screen cells: the full-result chart is its own Spark statement,
the same with or without paging. Time is client-side: execute_request -> execute_reply for cells,
comm_msg -> the kernel's comm_msg reply for pages. Pairs alternate their order.

Run with the stack's venv:  .stack/venv/bin/python bench/whole-result.py
See bench/README.md. Hand-run only: nothing here asserts on time.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kernel_clock as kc  # noqa: E402

TABLE_MIME = "application/vnd.jupyterlab-emr.table.v1+json"
QUERY = ("SELECT id, CAST(id % 7 AS INT) AS weekday, (id * 7919) % 1000003 AS score, "
         "concat('k', CAST(id % 1000 AS STRING)) AS tag FROM range(5000000)")


class ResultViewKernel(kc.Kernel):
    """The harness's kernel, plus the table payload of a cell and requests over the result-view comm."""

    def table_of(self, code, timeout=600):
        msg_id = self.kc.execute(code)
        elapsed, payload, t0 = None, None, time.perf_counter()
        while elapsed is None:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                elapsed = time.perf_counter() - t0
                if reply["content"]["status"] != "ok":
                    raise RuntimeError(f"cell failed: {reply['content']}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_result":
                payload = msg["content"]["data"].get(TABLE_MIME)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return elapsed, payload

    def open_view_comm(self):
        self.comm_id = uuid.uuid4().hex
        self.kc.shell_channel.send(self.kc.session.msg(
            "comm_open", {"comm_id": self.comm_id, "target_name": "emr-livy.result-view", "data": {}}))

    def ask(self, method, params, timeout=600):
        request = self.kc.session.msg("comm_msg", {"comm_id": self.comm_id, "data": {
            "requestId": uuid.uuid4().hex, "method": method, "params": params}})
        t0 = time.perf_counter()
        self.kc.shell_channel.send(request)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["msg_type"] == "comm_msg" and msg["parent_header"].get("msg_id") == request["header"]["msg_id"]:
                elapsed = time.perf_counter() - t0
                data = msg["content"]["data"]
                if not data.get("ok"):
                    raise RuntimeError(f"{method} refused: {data}")
                return elapsed, data["result"]
        raise TimeoutError(f"no answer to {method} in {timeout} s")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--livy-url", default=os.environ.get("LIVY_URL", "http://127.0.0.1:8998"))
    ap.add_argument("--reps", type=int, default=5, help="pairs of first-screen and sort cells")
    ap.add_argument("--pages", type=int, default=40, help="page requests at random offsets")
    ap.add_argument("--kernel-main", default=str(kc.REPO / "kernel" / "lib" / "main.js"))
    ap.add_argument("--out", default=str(kc.REPO / "bench" / "results" / "whole-result.json"))
    args = ap.parse_args()
    livy = kc.Livy(args.livy_url)
    prefix = f"bench-whole-{uuid.uuid4().hex[:6]}"
    info = {**kc.machine_info(), "livy_url": args.livy_url, "livy_version": livy.version(), "query": QUERY}
    samples = {"first_screen_5m": [], "first_screen_limit_1000": [], "first_far_page": [], "page": [], "page_repl": [],
               "first_far_page_sorted": [], "page_sorted": [], "sort_whole_first_page": [], "order_by_limit_1000": []}
    with tempfile.TemporaryDirectory() as tmp:
        name, spec_dir, env = kc.emr_livy_kernel(tmp, "emr-livy", args.livy_url, args.kernel_main, prefix,
                                                 EMR_LIVY_START_SESSION_WITH_KERNEL="false")
        kernel = ResultViewKernel(name, spec_dir, env)
        try:
            kernel.table_of("%%sql --no-chart\nSELECT 1 AS warm", timeout=900)
            kernel.open_view_comm()
            result_id = None
            for rep in range(args.reps):
                order = [("5m", f"%%sql --no-chart\n{QUERY}"), ("limit", f"%%sql --no-chart\n{QUERY} LIMIT 1000")]
                for label, code in (order if rep % 2 == 0 else order[::-1]):
                    elapsed, payload = kernel.table_of(code)
                    if label == "5m":
                        samples["first_screen_5m"].append(elapsed * 1000)
                        result_id = payload["retained"]["id"]
                    else:
                        samples["first_screen_limit_1000"].append(elapsed * 1000)
                print(f"first screen {rep + 1}/{args.reps}", flush=True)
            rng = random.Random(22)
            session_id = livy.sessions_named(prefix)[0]["id"]
            before_pages = livy.last_statement_id(session_id)
            for index in range(args.pages + 1):
                offset = rng.randrange(5000, 5_000_000 - 200)
                elapsed, page = kernel.ask("page", {"resultId": result_id, "view": {"filters": []}, "offset": offset, "rows": 200})
                assert page["rows"][0][0] == offset, page["rows"][0]
                samples["first_far_page" if index == 0 else "page"].append(elapsed * 1000)
            # The page statements after the first: their time in the REPL, the rest being the round trip.
            page_statements = [st for st in livy.statements_after(session_id, before_pages) if ".page(" in st.get("code", "")]
            samples["page_repl"] = [kc.repl_ms(st) for st in page_statements[1:] if kc.repl_ms(st) is not None]
            sorted_view = {"sort": {"column": "score", "descending": True}, "filters": []}
            for index in range(args.pages // 4 + 1):
                elapsed, page = kernel.ask("page", {"resultId": result_id, "view": sorted_view, "offset": rng.randrange(5000, 5_000_000 - 200), "rows": 200})
                assert len(page["rows"]) == 200
                samples["first_far_page_sorted" if index == 0 else "page_sorted"].append(elapsed * 1000)
            print("pages", flush=True)
            for rep in range(args.reps):
                sort = ("sort", lambda: kernel.ask("page", {"resultId": result_id, "view": {"sort": {"column": "score", "descending": True}, "filters": []}, "offset": 0, "rows": 200}))
                plain = ("plain", lambda: kernel.table_of(f"%%sql --no-chart\nSELECT * FROM ({QUERY}) ORDER BY score DESC LIMIT 1000"))
                for label, run in ([sort, plain] if rep % 2 == 0 else [plain, sort]):
                    elapsed, _ = run()
                    samples["sort_whole_first_page" if label == "sort" else "order_by_limit_1000"].append(elapsed * 1000)
                print(f"sort {rep + 1}/{args.reps}", flush=True)
        finally:
            kernel.shutdown()
            info["sessions_deleted_by_bench"] = livy.clean_up(prefix)
    summary = {key: kc.summary_ms(values) for key, values in samples.items()}
    summary["ratio_first_screen_p50"] = summary["first_screen_5m"]["p50"] / summary["first_screen_limit_1000"]["p50"]
    summary["ratio_sort_p50"] = summary["sort_whole_first_page"]["p50"] / summary["order_by_limit_1000"]["p50"]
    for key, value in summary.items():
        print(key, value if isinstance(value, float) else {k: round(v, 1) if isinstance(v, float) else v for k, v in value.items()})
    kc.write_results(args.out, {"info": info, "samples_ms": samples, "summary": summary})


if __name__ == "__main__":
    main()
