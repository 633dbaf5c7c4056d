"""A stand-in for the emr-livy kernel when it cannot start, so the notebook says why.

A kernel process that exits at start shows in JupyterLab only as "the kernel appears to have died"
and restarts; the reason stays in the server's log. This answers on the kernel's sockets instead:
kernel_info carries the reason as its banner, and every execute_request fails with it as the
error, until the notebook shuts the kernel down. jupyter_client (Session signing) and pyzmq are
there wherever a Jupyter server is.
"""

import json

import zmq
from jupyter_client.session import Session

# How long one poll waits; the loop also ends when the notebook asks for a shutdown.
POLL_MS = 1000


def _address(info, port_name):
    if info.get("transport", "tcp") == "ipc":
        return f"ipc://{info['ip']}-{info[port_name]}"
    return f"tcp://{info['ip']}:{info[port_name]}"


def explain_to_the_notebook(connection_file, message):
    with open(connection_file, encoding="utf-8") as handle:
        info = json.load(handle)
    session = Session(
        key=info.get("key", "").encode(),
        signature_scheme=info.get("signature_scheme", "hmac-sha256"),
        username="emr-livy",
    )
    context = zmq.Context.instance()
    sockets = {}
    for name, kind in (("shell", zmq.ROUTER), ("control", zmq.ROUTER), ("stdin", zmq.ROUTER),
                       ("iopub", zmq.PUB), ("hb", zmq.REP)):
        socket = context.socket(kind)
        socket.linger = 1000
        socket.bind(_address(info, f"{name}_port"))
        sockets[name] = socket
    poller = zmq.Poller()
    for name in ("shell", "control", "hb"):
        poller.register(sockets[name], zmq.POLLIN)

    def publish(msg_type, content, parent):
        session.send(sockets["iopub"], msg_type, content, parent=parent)

    def reply(socket, msg_type, content, parent, idents):
        session.send(socket, msg_type, content, parent=parent, ident=idents)

    execution_count = 0
    try:
        while True:
            for socket, _ in poller.poll(POLL_MS):
                if socket is sockets["hb"]:
                    socket.send(socket.recv())
                    continue
                idents, msg = session.recv(socket, mode=zmq.NOBLOCK)
                if msg is None:
                    continue
                msg_type = msg["header"]["msg_type"]
                publish("status", {"execution_state": "busy"}, msg)
                if msg_type == "kernel_info_request":
                    reply(socket, "kernel_info_reply", {
                        "status": "ok",
                        "protocol_version": "5.3",
                        "implementation": "emr-livy (not started)",
                        "implementation_version": "0",
                        "language_info": {"name": "scala", "file_extension": ".scala"},
                        "banner": message,
                    }, msg, idents)
                elif msg_type == "execute_request":
                    execution_count += 1
                    error = {"ename": "KernelNotStarted", "evalue": message, "traceback": [message]}
                    publish("error", error, msg)
                    reply(socket, "execute_reply", {
                        "status": "error", "execution_count": execution_count, **error,
                    }, msg, idents)
                elif msg_type == "comm_info_request":
                    reply(socket, "comm_info_reply", {"status": "ok", "comms": {}}, msg, idents)
                elif msg_type == "is_complete_request":
                    reply(socket, "is_complete_reply", {"status": "complete"}, msg, idents)
                elif msg_type == "shutdown_request":
                    reply(socket, "shutdown_reply", {
                        "status": "ok", "restart": msg["content"].get("restart", False),
                    }, msg, idents)
                    publish("status", {"execution_state": "idle"}, msg)
                    return
                publish("status", {"execution_state": "idle"}, msg)
    finally:
        for socket in sockets.values():
            socket.close()
