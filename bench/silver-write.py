#!/usr/bin/env python3
"""%%silver's write rate against the database's own bulk loader, on the same rows and machine.

PostgreSQL: %%silver (Spark executors -> staging table by COPY through the JDBC driver's
CopyManager -> one merge transaction) against `\\copy` of the same rows through psql.
MariaDB: %%silver (LOAD DATA LOCAL INFILE per partition, fed from the rows, into the staging table
-> merge) against `LOAD DATA LOCAL INFILE` of the same rows through the mysql client.

Run with the stack's venv and env (see bench/README.md):
  source .stack/env.sh && .stack/venv/bin/python bench/silver-write.py
Hand-run only: nothing here asserts on time.
"""

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The jupyter_client harness and machine description of the statement-overhead bench, shared.
_spec = importlib.util.spec_from_file_location("statement_overhead", REPO / "bench" / "statement-overhead.py")
overhead = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(overhead)

COLUMNS = "id BIGINT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(14,2), even BOOLEAN"
# The same rows on both sides: Spark makes them for %%silver, Python writes them to a CSV for the loader.
SPARK_ROWS = "SELECT id, concat('name-', id) AS name, CAST(id * 1.25 AS DECIMAL(14,2)) AS amount, id % 2 = 0 AS even FROM range({rows})"


def write_csv(path, rows, boolean):
    with open(path, "w") as out:
        for i in range(rows):
            out.write(f"{i},name-{i},{i * 125 // 100}.{(i * 125) % 100:02d},{boolean(i % 2 == 0)}\n")


def secret(name):
    return json.loads(Path(os.environ[name]).read_text())


class Postgres:
    label = "postgres"
    target = "silver-pg"

    def __init__(self):
        s = secret("STACK_PG_SECRET_FILE")
        # The same transport as %%silver's executors to a target without ssl: plaintext (psql would prefer TLS).
        self.env = {**os.environ, "PGPASSWORD": s["password"], "PGSSLMODE": "disable"}
        self.base = ["psql", "-h", s["host"], "-p", str(s["port"]), "-U", s["username"], "-d", s["dbname"], "-v", "ON_ERROR_STOP=1", "-q"]

    def sql(self, text):
        return subprocess.run(self.base + ["-Atc", text], env=self.env, check=True, capture_output=True, text=True).stdout.strip()

    def table(self, name):
        return f"public.{name}"

    def load(self, name, csv):
        subprocess.run(self.base + ["-c", f"\\copy {name} FROM '{csv}' WITH (FORMAT csv)"], env=self.env, check=True)

    def boolean(self, value):
        return "true" if value else "false"


class Mariadb:
    label = "mariadb"
    target = "silver-mysql"

    def __init__(self):
        s = secret("STACK_MARIADB_SECRET_FILE")
        self.env = {**os.environ, "MYSQL_PWD": s["password"]}
        self.base = ["mysql", "-h", s["host"], "-P", str(s["port"]), "-u", s["username"], s["dbname"], "--local-infile=1", "-N", "-B"]

    def sql(self, text):
        return subprocess.run(self.base + ["-e", text], env=self.env, check=True, capture_output=True, text=True).stdout.strip()

    def table(self, name):
        return f"silver.{name}"

    def load(self, name, csv):
        self.sql(f"LOAD DATA LOCAL INFILE '{csv}' INTO TABLE {name} FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n'")

    def boolean(self, value):
        return "1" if value else "0"


def summary_row(text):
    """rows_written, rows_in_target, seconds, rows_per_s, the split and overwrite_by from %%silver's summary table (text/plain)."""
    lines = [line for line in text.splitlines() if line.count("|") == 9 and not line.startswith("target")]
    cells = [cell.strip() for cell in lines[-1].split("|")]
    return {
        "rows_written": int(cells[3]),
        "rows_in_target": int(cells[4]),
        "seconds": float(cells[5]),
        "rows_per_s": int(cells[6]),
        "spark_load_s": float(cells[7]),
        "merge_s": float(cells[8]),
        "overwrite_by": cells[9],
    }


def bench_engine(db, kernel, rows, runs, partitions, tmp):
    silver, copy = f"bench_silver_{db.label}", f"bench_copy_{db.label}"
    for name in (silver, copy):
        db.sql(f"DROP TABLE IF EXISTS {db.table(name)}")
        db.sql(f"CREATE TABLE {db.table(name)} ({COLUMNS})")
    csv = os.path.join(tmp, f"{db.label}.csv")
    write_csv(csv, rows, db.boolean)
    cell = f"%%silver --target {db.target} --table {db.table(silver)} --mode overwrite --partitions {partitions}\n{SPARK_ROWS.format(rows=rows)}"
    # Warm-up: the JDBC driver's classes, Spark's codegen for this query, the database's caches.
    kernel.execute(cell.replace(f"range({rows})", "range(10000)"), timeout=1200)
    results = {"silver": [], "loader": []}
    for _ in range(runs):
        _, status, out = kernel.execute(cell, timeout=1800)
        if status != "ok":
            sys.exit(f"%%silver failed: {out}")
        measured = summary_row(out)
        assert measured["rows_in_target"] == rows, measured
        results["silver"].append(measured)
        # TRUNCATE, not DELETE: the loader gets fresh, empty storage as %%silver's staging table does.
        # Loading after a DELETE of the last million rows fought their dead index entries (2-3x slower).
        db.sql(f"TRUNCATE TABLE {db.table(copy)}")
        t0 = time.perf_counter()
        db.load(db.table(copy), csv)
        seconds = time.perf_counter() - t0
        assert int(db.sql(f"SELECT count(*) FROM {db.table(copy)}")) == rows
        results["loader"].append({"seconds": seconds, "rows_per_s": rows / seconds})
        print(
            f"{db.label}: silver {measured['rows_per_s']:,} rows/s ({measured['seconds']} s: Spark load {measured['spark_load_s']} s, merge {measured['merge_s']} s, by {measured['overwrite_by']}), "
            f"loader {rows / seconds:,.0f} rows/s ({seconds:.2f} s)",
            flush=True,
        )
    for name in (silver, copy):
        db.sql(f"DROP TABLE IF EXISTS {db.table(name)}")
    silver_rate = statistics.median(r["rows_per_s"] for r in results["silver"])
    loader_rate = statistics.median(r["rows_per_s"] for r in results["loader"])
    # The Spark load alone (executors -> staging table) is the part that competes with the loader.
    load_rate = statistics.median(rows / r["spark_load_s"] for r in results["silver"])
    return {
        **results,
        "silver_median_rows_per_s": silver_rate,
        "spark_load_median_rows_per_s": load_rate,
        "loader_median_rows_per_s": loader_rate,
        "ratio": silver_rate / loader_rate,
        "load_ratio": load_rate / loader_rate,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=2, help="%%silver --partitions (writers at once); the stack's Spark has 2 cores")
    parser.add_argument("--engines", default="postgres,mariadb")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "silver-write.json"))
    args = parser.parse_args()
    engines = {"postgres": Postgres, "mariadb": Mariadb}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp, "XDG_CONFIG_HOME": tmp, "EMR_LIVY_PROGRESS_DELAY_MS": "600000", "EMR_LIVY_SESSION_NAME_PREFIX": "bench-silver"}
        kernel = overhead.KernelRun("emr-livy", env, [str(REPO / ".stack" / "venv" / "share" / "jupyter" / "kernels")])
        try:
            kernel.execute("spark.range(1).count()", timeout=600)
            report = {"machine": overhead.machine_info(), "rows": args.rows, "runs": args.runs, "partitions": args.partitions, "engines": {}}
            for name in args.engines.split(","):
                report["engines"][name] = bench_engine(engines[name](), kernel, args.rows, args.runs, args.partitions, tmp)
            report["machine"]["loadavg_end"] = os.getloadavg()
        finally:
            kernel.shutdown()
    Path(args.out).write_text(json.dumps(report, indent=2))
    for name, result in report["engines"].items():
        print(
            f"{name}: %%silver {result['silver_median_rows_per_s']:,.0f} rows/s (Spark load alone {result['spark_load_median_rows_per_s']:,.0f}), "
            f"loader {result['loader_median_rows_per_s']:,.0f} rows/s, ratio {result['ratio']:.2f} (load alone {result['load_ratio']:.2f})"
        )


if __name__ == "__main__":
    main()
