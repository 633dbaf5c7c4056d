"""Runs the moto AWS emulator on 127.0.0.1 and seeds it (stack/aws/seed.py).

moto is run in-process (moto's ThreadedMotoServer, the same WSGI app as the `moto_server` command)
instead of as the `moto_server` command, because the seed has to finish EMR steps and EMR-on-EKS
job runs through moto's backend objects, which only exist in the serving process.

Usage: server.py --port 5000 --stack-dir .stack --livy-url http://127.0.0.1:8998
Writes <stack-dir>/seed.json, then <stack-dir>/run/moto.seeded (= its pid) once everything is in.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback
from pathlib import Path

from moto.server import ThreadedMotoServer

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--stack-dir", required=True, type=Path)
    parser.add_argument("--livy-url", required=True)
    args = parser.parse_args()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    server = ThreadedMotoServer(ip_address=args.host, port=args.port, verbose=True)
    server.start()
    endpoint = f"http://{args.host}:{args.port}"
    marker = args.stack_dir / "run" / "moto.seeded"
    try:
        seeded = seed.seed(endpoint, args.region, args.stack_dir, args.livy_url)
        seed.settle_states(seeded)
        seed.write_json(args.stack_dir / "seed.json", seeded)
        marker.write_text(f"{os.getpid()}\n", encoding="utf-8")
        print(f"seeded: cluster {seeded['emr']['clusterId']}, "
              f"virtual cluster {seeded['emrContainers']['virtualClusterId']}", flush=True)
    except Exception:
        traceback.print_exc()
        server.stop()
        return 1

    stop.wait()
    marker.unlink(missing_ok=True)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
