"""Shared harness of bench/first-cell.py and bench/progress-overhead.py.

Starts the emr-livy kernel and sparkmagic's Scala kernel the same way (jupyter_client, real
ZeroMQ, throwaway HOME and kernelspecs in a temporary directory), times execute_request ->
execute_reply on the client side, and finds and deletes the Livy sessions a run created, by the
session names the run gave them (other jobs start sessions on the same Livy meanwhile).

Hand-run only: nothing here asserts on time. See bench/README.md.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

REPO = Path(__file__).resolve().parent.parent
# sparkmagic lives in a venv of its own, so the kernel under test and its rival share no packages.
BENCH_VENV = REPO / ".stack" / "bench-venv"
SPARKMAGIC_VERSION = "0.23.0"
# Livy 0.9 answers a POST without it with 400 when CSRF protection is on, as on this stack.
LIVY_HEADERS = {"X-Requested-By": "bench-kernel-clock", "Content-Type": "application/json"}
FINAL_STATEMENT_STATES = {"available", "error", "cancelled"}


# --- numbers -------------------------------------------------------------------------------------

def percentile(values, p):
    # Inclusive linear interpolation: p50 of an even count is the midpoint of the middle two.
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summary_ms(values_ms):
    return {"p50": percentile(values_ms, 50), "p95": percentile(values_ms, 95),
            "min": min(values_ms), "max": max(values_ms), "n": len(values_ms)}


def machine_info():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10).stdout.strip()
        except Exception:
            return ""

    return {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "nproc": sh("nproc"),
        "cpu_model": sh("lscpu | sed -n 's/^Model name: *//p' | head -1"),
        "mem_total": sh("free -h | awk '/^Mem:/{print $2}'"),
        "linux": platform.release(),
        "python": platform.python_version(),
        "node": sh("node --version"),
        "git_commit": sh(f"git -C {REPO} rev-parse --short HEAD"),
        "loadavg_start": os.getloadavg(),
    }


# --- Livy ----------------------------------------------------------------------------------------

class Livy:
    def __init__(self, url):
        self.url = url.rstrip("/")
        # One keep-alive connection: the bench's own look-ups stay cheap next to what it measures.
        self.http = requests.Session()
        self.http.headers.update(LIVY_HEADERS)

    def get(self, path):
        r = self.http.get(self.url + path, timeout=30)
        r.raise_for_status()
        return r.json()

    def version(self):
        return self.get("/version").get("version")

    def sessions(self):
        return self.get("/sessions?size=1000")["sessions"]

    def sessions_named(self, prefix):
        return [s for s in self.sessions() if (s.get("name") or "").startswith(prefix)]

    def statement(self, sid, stid):
        r = self.http.get(f"{self.url}/sessions/{sid}/statements/{stid}", timeout=30)
        return r.json() if r.status_code == 200 else None

    def last_statement_id(self, sid):
        stmts = self.get(f"/sessions/{sid}/statements?size=1000").get("statements", [])
        return max((s["id"] for s in stmts), default=-1)

    def statements_after(self, sid, after_id):
        """Statements with ids above after_id, read one by one (the list is capped by
        livy.rsc.retained-statements, single GETs are not)."""
        found, stid = [], after_id + 1
        while (st := self.statement(sid, stid)) is not None:
            found.append(st)
            stid += 1
        return found

    def delete_session(self, sid):
        self.http.delete(f"{self.url}/sessions/{sid}", timeout=30)

    def clean_up(self, prefix, grace_s=30):
        """Waits up to grace_s for the kernels to have deleted their sessions (names starting with
        prefix), then deletes what is left. Returns the sessions that had to be deleted here."""
        deadline = time.monotonic() + grace_s
        while (left := self.sessions_named(prefix)) and time.monotonic() < deadline:
            time.sleep(1)
        for s in left:
            self.delete_session(s["id"])
        return [{"id": s["id"], "name": s.get("name"), "state": s.get("state")} for s in left]


def repl_ms(statement):
    """completed - started as the REPL driver stamps them: the statement's time inside the
    interpreter, free of HTTP, RPC and anyone's polling."""
    if statement and statement.get("started", 0) > 0 and statement.get("completed", 0) > 0:
        return statement["completed"] - statement["started"]
    return None


# --- kernels -------------------------------------------------------------------------------------

def ensure_bench_venv(venv=BENCH_VENV):
    """The Python that runs sparkmagic's kernel: a venv of the bench's own, made on first use."""
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import sparkmagic, jupyter_client"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"creating {venv} with sparkmagic {SPARKMAGIC_VERSION} (once)", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"sparkmagic=={SPARKMAGIC_VERSION}"], check=True)
    return python


def package_version(python, package):
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True).stdout.strip()


def write_spec(spec_root, name, argv, **extra):
    spec_dir = Path(spec_root) / name
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name, "language": "scala", **extra}))


def emr_livy_kernel(tmp, label, livy_url, kernel_main, session_prefix, **settings):
    """Kernelspec and environment of one emr-livy kernel. An empty HOME/XDG_CONFIG_HOME, so a
    developer's ~/.config/emr-livy cannot change the defaults measured; `settings` are EMR_LIVY_*
    variables on top (e.g. EMR_LIVY_START_SESSION_WITH_KERNEL="false")."""
    root = Path(tmp) / label
    home = root / "home"
    (home / ".config").mkdir(parents=True, exist_ok=True)
    write_spec(root / "kernels", "emr-livy", ["node", str(kernel_main), "run", "--connection-file", "{connection_file}"],
               interrupt_mode="message")
    env = dict(os.environ)
    env.pop("EMR_LIVY_CONFIG", None)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), LIVY_URL=livy_url,
               EMR_LIVY_LOG_LEVEL="warn", EMR_LIVY_SESSION_NAME_PREFIX=session_prefix)
    env.update(settings)
    return "emr-livy", str(root / "kernels"), env


def sparkmagic_kernel(tmp, label, livy_url, python, session_name, start_timeout):
    """Kernelspec, HOME and SPARKMAGIC_CONF_DIR of one sparkmagic Scala kernel; the real ~ is
    never read or written."""
    root = Path(tmp) / label
    conf_dir = root / "home" / ".sparkmagic"
    conf_dir.mkdir(parents=True, exist_ok=True)
    # Keys of sparkmagic 0.23's utils/configuration.py; everything else stays at its default.
    conf = {
        "kernel_scala_credentials": {"username": "", "base64_password": "", "url": livy_url, "auth": "None"},
        # sparkmagic sends no X-Requested-By of its own; without it Livy's CSRF filter answers 400.
        "custom_headers": {"X-Requested-By": "sparkmagic"},
        "livy_session_startup_timeout_seconds": start_timeout,
        # Its default session_configs is {}; the name is only so this run can find its session.
        "session_configs": {"name": session_name},
    }
    (conf_dir / "config.json").write_text(json.dumps(conf, indent=2))
    write_spec(root / "kernels", "sparkkernel",
               [str(python), "-m", "sparkmagic.kernels.sparkkernel.sparkkernel", "-f", "{connection_file}"])
    env = dict(os.environ)
    env.update(HOME=str(root / "home"), SPARKMAGIC_CONF_DIR=str(conf_dir))
    return "sparkkernel", str(root / "kernels"), env


class Kernel:
    """One kernel process driven by jupyter_client, the same way whichever kernel it is."""

    def __init__(self, name, spec_dir, env):
        ksm = KernelSpecManager(kernel_dirs=[spec_dir])
        # Only the temporary spec dir, so an installed kernelspec of the same name cannot win.
        ksm.ensure_native_kernel = False
        self.km = KernelManager(kernel_name=name, kernel_spec_manager=ksm)
        self.started = time.perf_counter()  # the moment the user "opens the notebook"
        self.km.start_kernel(env=env)
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.ready_s = time.perf_counter() - self.started

    def outputs(self, msg_id, timeout):
        """Text of one request's outputs, up to its idle status; read after the clock stops."""
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
                texts.append(c.get("data", {}).get("text/plain", "") + "\n")
            elif t == "error":
                texts.append(f"{c.get('ename')}: {c.get('evalue')}")
            elif t == "status" and c.get("execution_state") == "idle":
                break
        return "".join(texts)

    def execute(self, code, timeout=60):
        """Seconds from sending execute_request to receiving its execute_reply, the reply's
        status, and the outputs' text."""
        t0 = time.perf_counter()
        msg_id = self.kc.execute(code)
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        elapsed = time.perf_counter() - t0
        return elapsed, reply["content"]["status"], self.outputs(msg_id, timeout)

    def shutdown(self):
        """Graceful (shutdown_request), so the kernel deletes the session it owns, as on closing
        a notebook; killed if it does not exit in jupyter_client's time."""
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=False)


def write_results(path, results):
    results["info"]["loadavg_end"] = os.getloadavg()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(results, indent=1))
    print(f"wrote {path}", flush=True)
