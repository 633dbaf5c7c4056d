#!/usr/bin/env python3
"""%%silver's write rate against the database's own bulk loader, on the same rows and machine.

PostgreSQL: %%silver (Spark executors -> staging table by COPY through the JDBC driver's
CopyManager -> one merge transaction) against `\\copy` of the same rows through psql.
MariaDB: %%silver (LOAD DATA LOCAL INFILE per partition, fed from the rows, into the staging table
-> merge) against `LOAD DATA LOCAL INFILE` of the same rows through the mysql client.

--upsert (issue 23): %%silver --mode upsert into a table without a unique index on the key (so by
delete+insert) of ROWS rows, half of them changed rows and half new ones, into a table of ROWS rows;
against the same done by hand in one run: `\copy` / `LOAD DATA` into a temporary table, then
`DELETE … USING` / multi-table `DELETE` and `INSERT … SELECT` in one transaction.

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
import kernel_clock  # noqa: E402  (bench/, this script's folder, is on the path)

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

    def hand_upsert(self, name, csv):
        """\\copy into a temporary table, then DELETE … USING and INSERT … SELECT, in one psql session and transaction."""
        script = (
            "BEGIN;\n"
            f"CREATE TEMPORARY TABLE hand_rows (LIKE {name}) ON COMMIT DROP;\n"
            f"\\copy hand_rows FROM '{csv}' WITH (FORMAT csv)\n"
            f"DELETE FROM {name} t USING hand_rows s WHERE t.id = s.id;\n"
            f"INSERT INTO {name} SELECT * FROM hand_rows;\n"
            "COMMIT;\n"
        )
        subprocess.run(self.base, input=script, env=self.env, check=True, text=True)


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

    def hand_upsert(self, name, csv):
        """LOAD DATA into a temporary table, then a multi-table DELETE and INSERT … SELECT, in one mysql session and transaction."""
        self.sql(
            f"CREATE TEMPORARY TABLE hand_rows AS SELECT * FROM {name} LIMIT 0; "
            f"LOAD DATA LOCAL INFILE '{csv}' INTO TABLE hand_rows FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n'; "
            f"START TRANSACTION; DELETE t FROM {name} t JOIN hand_rows s ON t.id = s.id; INSERT INTO {name} SELECT * FROM hand_rows; COMMIT"
        )


def summary_row(text):
    """rows_written, rows_in_target, seconds, rows_per_s, the split and the strategies from %%silver's summary table (text/plain)."""
    lines = [line for line in text.splitlines() if line.count("|") == 10 and not line.startswith("target")]
    cells = [cell.strip() for cell in lines[-1].split("|")]
    return {
        "rows_written": int(cells[3]),
        "rows_in_target": int(cells[4]),
        "seconds": float(cells[5]),
        "rows_per_s": int(cells[6]),
        "spark_load_s": float(cells[7]),
        "merge_s": float(cells[8]),
        "overwrite_by": cells[9],
        "upsert_by": cells[10],
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


# The upsert's table: a key with a plain (not unique) index, as a table loaded in full and then upserted daily often has.
UPSERT_COLUMNS = "id BIGINT NOT NULL, name VARCHAR(64), amount DECIMAL(14,2), even BOOLEAN"


def bench_upsert(db, kernel, rows, runs, partitions, tmp):
    """delete+insert of `rows` rows (half changed, half new) into a table of `rows` rows: %%silver against the same by hand."""
    base, silver, hand = (f"bench_{what}_{db.label}" for what in ("base", "upsert_silver", "upsert_hand"))
    half = rows // 2
    for name in (base, silver, hand):
        db.sql(f"DROP TABLE IF EXISTS {db.table(name)}")
        db.sql(f"CREATE TABLE {db.table(name)} ({UPSERT_COLUMNS})")
        db.sql(f"CREATE INDEX {name}_id ON {db.table(name)} (id)")
    csv_base, csv_new = os.path.join(tmp, f"{db.label}-base.csv"), os.path.join(tmp, f"{db.label}-new.csv")
    write_csv(csv_base, rows, db.boolean)
    # The upsert's rows: ids half..half+rows, the first half already in the table (changed names), the rest new.
    with open(csv_new, "w") as out:
        for i in range(half, half + rows):
            out.write(f"{i},changed-{i},{i * 125 // 100}.{(i * 125) % 100:02d},{db.boolean(i % 2 == 0)}\n")
    db.load(db.table(base), csv_base)
    source = f"SELECT id, concat('changed-', id) AS name, CAST(id * 1.25 AS DECIMAL(14,2)) AS amount, id % 2 = 0 AS even FROM range({half}, {half + rows})"
    cell = f"%%silver --target {db.target} --table {db.table(silver)} --mode upsert --key id --partitions {partitions}\n{source}"
    results = {"silver": [], "hand": []}
    for run in range(runs + 1):
        for name in (silver, hand):
            db.sql(f"TRUNCATE TABLE {db.table(name)}")
            db.sql(f"INSERT INTO {db.table(name)} SELECT * FROM {db.table(base)}")
        _, status, out = kernel.execute(cell, timeout=1800)
        if status != "ok":
            sys.exit(f"%%silver failed: {out}")
        measured = summary_row(out)
        assert measured["rows_in_target"] == rows + half and measured["upsert_by"] == "delete+insert", measured
        t0 = time.perf_counter()
        db.hand_upsert(db.table(hand), csv_new)
        seconds = time.perf_counter() - t0
        assert int(db.sql(f"SELECT count(*) FROM {db.table(hand)}")) == rows + half
        # The first run warms the JDBC driver's classes, Spark's codegen and the caches, and is not counted.
        if run == 0:
            continue
        results["silver"].append(measured)
        results["hand"].append({"seconds": seconds, "rows_per_s": rows / seconds})
        print(
            f"{db.label} upsert: silver {measured['rows_per_s']:,} rows/s ({measured['seconds']} s: Spark load {measured['spark_load_s']} s, merge {measured['merge_s']} s), "
            f"by hand {rows / seconds:,.0f} rows/s ({seconds:.2f} s)",
            flush=True,
        )
    for name in (base, silver, hand):
        db.sql(f"DROP TABLE IF EXISTS {db.table(name)}")
    silver_rate = statistics.median(r["rows_per_s"] for r in results["silver"])
    hand_rate = statistics.median(r["rows_per_s"] for r in results["hand"])
    return {**results, "silver_median_rows_per_s": silver_rate, "hand_median_rows_per_s": hand_rate, "ratio": silver_rate / hand_rate}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=2, help="%%silver --partitions (writers at once); the stack's Spark has 2 cores")
    parser.add_argument("--engines", default="postgres,mariadb")
    parser.add_argument("--upsert", action="store_true", help="measure the delete+insert upsert instead of the overwrite")
    parser.add_argument("--out", default=None, help="bench/results/silver-write.json (silver-upsert.json with --upsert)")
    parser.add_argument("--kernel-main", default=str(REPO / "kernel" / "lib" / "main.js"),
                        help="the built kernel to run; point it at a build of a clean export to measure one commit")
    args = parser.parse_args()
    out = args.out or str(REPO / "bench" / "results" / ("silver-upsert.json" if args.upsert else "silver-write.json"))
    engines = {"postgres": Postgres, "mariadb": Mariadb}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp, "XDG_CONFIG_HOME": tmp, "EMR_LIVY_PROGRESS_DELAY_MS": "600000", "EMR_LIVY_SESSION_NAME_PREFIX": "bench-silver"}
        spec_root = Path(tmp) / "kernels"
        kernel_clock.write_spec(spec_root, "emr-livy", ["node", args.kernel_main, "run", "--connection-file", "{connection_file}"], interrupt_mode="message")
        kernel = overhead.KernelRun("emr-livy", env, [str(spec_root)])
        try:
            kernel.execute("spark.range(1).count()", timeout=600)
            report = {"machine": overhead.machine_info(), "rows": args.rows, "runs": args.runs, "partitions": args.partitions, "kernel_main": args.kernel_main, "engines": {}}
            for name in args.engines.split(","):
                bench = bench_upsert if args.upsert else bench_engine
                report["engines"][name] = bench(engines[name](), kernel, args.rows, args.runs, args.partitions, tmp)
            report["machine"]["loadavg_end"] = os.getloadavg()
        finally:
            kernel.shutdown()
    Path(out).write_text(json.dumps(report, indent=2))
    for name, result in report["engines"].items():
        if args.upsert:
            print(f"{name} upsert: %%silver {result['silver_median_rows_per_s']:,.0f} rows/s, by hand {result['hand_median_rows_per_s']:,.0f} rows/s, ratio {result['ratio']:.2f}")
            continue
        print(
            f"{name}: %%silver {result['silver_median_rows_per_s']:,.0f} rows/s (Spark load alone {result['spark_load_median_rows_per_s']:,.0f}), "
            f"loader {result['loader_median_rows_per_s']:,.0f} rows/s, ratio {result['ratio']:.2f} (load alone {result['load_ratio']:.2f})"
        )


if __name__ == "__main__":
    main()
