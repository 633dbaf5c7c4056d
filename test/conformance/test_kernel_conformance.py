"""Conformance of the installed emr-livy kernel, driven by jupyter_client's own implementation.

Three suites:

* ``EmrLivyKernelTests`` is jupyter_kernel_test's standard suite: every request is sent,
  validated against the v5 message schemas and timed by jupyter_client, and the cells run on
  the local Livy (Scala by default, ``%%sql`` for tables).
* ``MessageSigningTests`` sends requests signed with a wrong key, unsigned and replayed, through
  ``jupyter_client.session.Session``: they must never run. It also reads every reply through the
  client's own Session, so the kernel's HMAC is checked by a second implementation.
* ``MessageModeInterruptTests`` interrupts a running Scala statement the way JupyterLab does for
  ``interrupt_mode: "message"`` and checks the session survives it.

Run with the stack's venv once the stack is up and the kernelspec is installed there::

    .stack/venv/bin/python -m pytest test/conformance -q
"""

from __future__ import annotations

import os
import time
import unittest
from queue import Empty
from typing import Any

import jupyter_kernel_test as jkt
import pytest
from jupyter_client.kernelspec import NoSuchKernel
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

KERNEL_NAME = "emr-livy"

# jupyter_kernel_test allows 15 s per reply; the first cell of a kernel starts a Livy session,
# which takes far longer, so each suite starts it before its tests run.
SESSION_START_TIMEOUT = 600

# How long a dropped request is given to (wrongly) produce anything.
SILENCE_WINDOW = 2.0

# The kernels started here inherit this environment. A statement slower than the progress delay
# gets a progress display, an output jupyter_kernel_test does not expect (test_error allows
# exactly one); these suites check the protocol, so progress is pushed out of their way.
os.environ["EMR_LIVY_PROGRESS_DELAY_MS"] = str(10 * 60 * 1000)
# Every suite here starts its own kernels, most of which never run Scala: a Spark session started
# with each would only load the two cores. (The early start is tested in the Livy tier.)
os.environ.setdefault("EMR_LIVY_START_SESSION_WITH_KERNEL", "false")


def start_kernel() -> tuple[Any, Any]:
    try:
        return start_new_kernel(kernel_name=KERNEL_NAME)
    except NoSuchKernel as error:
        raise AssertionError(
            f"The {KERNEL_NAME} kernelspec is not installed in this Python's Jupyter; install it with "
            "`node kernel/lib/main.js install --sys-prefix --jupyter .stack/venv/bin/jupyter`."
        ) from error


def start_kernel_with_livy_session() -> tuple[Any, Any]:
    """Starts the kernel and runs a first statement with a generous timeout, so later ones hit a
    warm session. A kernel that cannot get one is shut down here: tearDownClass will not run."""
    km, kc = start_kernel()
    try:
        reply = kc.execute_interactive("spark.version", timeout=SESSION_START_TIMEOUT, output_hook=lambda _msg: None)
        if reply["content"]["status"] != "ok":
            raise AssertionError(f"Could not start a Livy session: {reply['content']}")
    except BaseException:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    return km, kc


def drain(channel: Any) -> list[dict[str, Any]]:
    messages = []
    while True:
        try:
            messages.append(channel.get_msg(timeout=0.1))
        except Empty:
            return messages


@pytest.mark.livy
class EmrLivyKernelTests(jkt.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "scala"
    file_extension = ".scala"

    @classmethod
    def setUpClass(cls) -> None:
        cls.km, cls.kc = start_kernel_with_livy_session()

    # Scala cells: Livy returns Console output and the REPL's echo as one text, which is the
    # cell's stdout.
    code_hello_world = 'println("hello, world")'

    # A failed statement is one `error` output and an error reply, nothing else.
    code_generate_error = 'throw new RuntimeException("conformance check")'

    # A %%sql query's table is the cell's result (text/plain beside the table and HTML).
    code_execute_result = [{"code": "%%sql\nSELECT 6 * 7 AS answer", "mime": "text/plain"}]

    # %%info shows the Livy session as a display; %%help too, without Livy.
    code_display_data = [{"code": "%%info", "mime": "text/html"}, {"code": "%%help", "mime": "text/html"}]

    completion_samples = [
        # Magic names complete from the magics registry, the whole token replaced.
        {"text": "%%sq", "matches": {"%%sql"}},
        # Scala members complete through Livy's completion endpoint; the reply must validate.
        {"text": "spark.ran"},
    ]

    # An %%aurora cell is SQL for the target database: open until its statement closes.
    complete_code_samples = ['println("done")', "val xs = Seq(1, 2, 3)", "%%sql\nSELECT 1", "%%aurora --target silver-pg\nSELECT day,\n  count(*)\nFROM events\nGROUP BY day"]
    incomplete_code_samples = [
        "def twice(x: Int) = {",
        "val xs = Seq(1, 2,",
        "%%aurora --target silver-pg",
        "%%aurora --target silver-pg\nSELECT day\nFROM events\nWHERE day IN ('2026-01-01',",
    ]
    invalid_code_samples = ["val x = (1 + 2))"]

    # Livy has no inspection endpoint; Shift-Tab on a magic shows its help.
    code_inspect_sample = "%%sql"

    # Not applicable to this kernel, so removed rather than skipped:
    # no pager payloads (no `?` help in Scala cells),
    test_pager = None
    # no history (the state lives in the Livy session, not in the kernel),
    test_history = None
    # Livy's Scala interpreter returns Console.out only; stderr stays in the driver log,
    test_execute_stderr = None
    # and no Scala statement clears its own output.
    test_clear_output = None


class MessageSigningTests(unittest.TestCase):
    """Forged, unsigned and replayed requests never run; nothing is dispatched for them."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.km, cls.kc = start_kernel()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def setUp(self) -> None:
        drain(self.kc.shell_channel)
        drain(self.kc.iopub_channel)

    def assert_nothing_for(self, msg_id: str) -> None:
        time.sleep(SILENCE_WINDOW)
        # Prove the kernel is alive and has read everything sent before this point.
        info_id = self.kc.kernel_info()
        answered = self.kc.get_shell_msg(timeout=jkt.TIMEOUT)
        self.assertEqual(answered["parent_header"]["msg_id"], info_id)
        time.sleep(0.5)
        for message in drain(self.kc.iopub_channel):
            self.assertNotEqual(message["parent_header"].get("msg_id"), msg_id, f"kernel acted on it: {message}")
            self.assertNotIn(message["msg_type"], {"execute_input", "stream", "error"})

    def send_with(self, session: Session, msg_type: str, content: dict[str, Any], channel: Any) -> str:
        message = session.msg(msg_type, content)
        session.send(channel.socket, message)
        return message["header"]["msg_id"]

    def test_wrong_key_execute_is_dropped(self) -> None:
        forger = Session(key=b"not-the-connection-key", signature_scheme="hmac-sha256")
        msg_id = self.send_with(forger, "execute_request", {"code": 'println("pwned")', "silent": False}, self.kc.shell_channel)
        self.assert_nothing_for(msg_id)

    def test_unsigned_execute_is_dropped(self) -> None:
        msg_id = self.send_with(Session(key=b""), "execute_request", {"code": 'println("pwned")'}, self.kc.shell_channel)
        self.assert_nothing_for(msg_id)

    def test_wrong_key_shutdown_on_control_is_dropped(self) -> None:
        forger = Session(key=b"not-the-connection-key", signature_scheme="hmac-sha256")
        msg_id = self.send_with(forger, "shutdown_request", {"restart": False}, self.kc.control_channel)
        self.assert_nothing_for(msg_id)
        self.assertTrue(self.km.is_alive())

    def test_replayed_request_is_answered_once(self) -> None:
        message = self.kc.session.msg("kernel_info_request", {})
        frames = self.kc.session.serialize(message)
        socket = self.kc.shell_channel.socket
        socket.send_multipart(frames)
        socket.send_multipart(frames)
        time.sleep(SILENCE_WINDOW)
        replies = [m for m in drain(self.kc.shell_channel) if m["parent_header"].get("msg_id") == message["header"]["msg_id"]]
        self.assertEqual(len(replies), 1)

    def test_every_reply_verifies_with_the_connection_key(self) -> None:
        # get_shell_msg deserializes through the client's Session, which raises on a bad signature.
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=jkt.TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["protocol_version"], "5.3")

    def test_heartbeat_stays_beating(self) -> None:
        # start_new_kernel started the heartbeat channel; it pings once a second.
        time.sleep(3 * self.kc.hb_channel.time_to_dead)
        self.assertTrue(self.kc.hb_channel.is_beating())


@pytest.mark.livy
class MessageModeInterruptTests(unittest.TestCase):
    """interrupt_mode "message": the client sends interrupt_request on control (no SIGINT)."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.km, cls.kc = start_kernel_with_livy_session()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def test_interrupt_cancels_the_running_statement_and_the_session_survives(self) -> None:
        self.assertEqual(self.km.kernel_spec.interrupt_mode, "message")
        # A Spark job, which Livy's cancel stops; plain driver code (Thread.sleep) would run on
        # after the cancel, keeping the interpreter busy (Livy cancels Spark job groups only).
        msg_id = self.kc.execute('spark.range(0L, 100000000000000L, 1L, 2).selectExpr("sum(id)").collect()')
        time.sleep(8)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=120)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        after = self.kc.execute_interactive('println("after the interrupt")', timeout=120, output_hook=lambda _msg: None)
        self.assertEqual(after["content"]["status"], "ok")
