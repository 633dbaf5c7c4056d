"""Starts the emr-livy kernel: finds Node.js >= 20 and runs the bundled kernel on it.

The kernelspec this package installs runs ``python -m jupyterlab_emr.kernel -f {connection_file}``.
Node is ``EMR_LIVY_NODE`` when set, else ``node`` (or ``nodejs``) on PATH. Without a usable Node
the kernel cannot start; the reason goes to stderr, which Jupyter writes to its log, and, because
a notebook shows nothing of a kernel that died at start, a stand-in kernel answers the notebook
with the same reason (see ``_explain_to_the_notebook``).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

MIN_NODE_MAJOR = 20
NODE_ENV = "EMR_LIVY_NODE"
BUNDLE = Path(__file__).resolve().parent / "node" / "dist" / "main.js"


class NodeProblem(Exception):
    """Node.js is missing or too old; the message says what to do."""


def node_major(node):
    try:
        out = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        raise NodeProblem(f"Cannot run {node} --version: {error}") from error
    match = re.match(r"v?(\d+)\.", out)
    if not match:
        raise NodeProblem(f"{node} --version printed {out!r}, not a Node.js version.")
    return int(match.group(1)), out


def find_node(environ=os.environ):
    """The Node executable to run the kernel on, or NodeProblem saying why there is none."""
    remedy = (
        f"The emr-livy kernel runs on Node.js {MIN_NODE_MAJOR} or later. Install it "
        f"(https://nodejs.org or your system's package manager, e.g. `apt-get install nodejs`, "
        f"`conda install -c conda-forge 'nodejs>={MIN_NODE_MAJOR}'`), put it on the PATH of the "
        f"Jupyter server, or set {NODE_ENV} to its path, then restart the kernel."
    )
    explicit = environ.get(NODE_ENV)
    if explicit:
        node = shutil.which(explicit) or (explicit if os.path.isfile(explicit) else None)
        if node is None:
            raise NodeProblem(f"{NODE_ENV}={explicit} is not an executable file. {remedy}")
    else:
        node = shutil.which("node", path=environ.get("PATH")) or shutil.which(
            "nodejs", path=environ.get("PATH")
        )
        if node is None:
            raise NodeProblem(f"Node.js was not found on PATH ({environ.get('PATH', '')}). {remedy}")
    major, version = node_major(node)
    if major < MIN_NODE_MAJOR:
        raise NodeProblem(f"{node} is Node.js {version}, older than {MIN_NODE_MAJOR}. {remedy}")
    return node


def _connection_file(args):
    for flag in ("-f", "--connection-file"):
        if flag in args and args.index(flag) + 1 < len(args):
            return args[args.index(flag) + 1]
        for arg in args:
            if arg.startswith(flag + "="):
                return arg.split("=", 1)[1]
    return None


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    if not BUNDLE.is_file():
        sys.stderr.write(f"emr-livy: the bundled kernel {BUNDLE} is missing; reinstall jupyterlab-emr.\n")
        return 1
    try:
        node = find_node()
    except NodeProblem as problem:
        message = f"emr-livy kernel cannot start: {problem}"
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
        connection_file = _connection_file(args)
        if connection_file:
            from ._stand_in_kernel import explain_to_the_notebook

            explain_to_the_notebook(connection_file, message)
        return 1
    command = [node, str(BUNDLE), "run", *args]
    if os.name == "posix":
        # Replaced, not wrapped: Jupyter's signals and its wait for the process reach the kernel itself.
        os.execv(node, command)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
