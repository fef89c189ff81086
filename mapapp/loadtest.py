"""The app under load: a real Streamlit server on a free 127.0.0.1 port and many sessions opened at once by a
light client that speaks Streamlit's own websocket protocol (the messages a browser sends and receives, no
browser), each timed to its first map. `python -m mapapp bench` prints the figures.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
APP = Path(__file__).resolve().parent / "app.py"
MAP_COMPONENT = "st_folium"  # the component whose arrival is the first map


@dataclass(frozen=True, slots=True)
class Server:
    """A Streamlit server of the app: its process and its port on 127.0.0.1."""

    process: subprocess.Popen
    port: int

    def cpu_seconds(self) -> float:
        """User and system CPU the server process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def app_server(timeout: float = 60, extra_args: tuple[str, ...] = ()) -> Iterator[Server]:
    """Start `streamlit run mapapp/app.py` from the repo root on a free port; stop it on leaving."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", *extra_args]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the app's server did not start: {process.stderr.read()[-2000:]!r}")
                time.sleep(0.2)
        yield Server(process, port)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stderr.close()


@dataclass(frozen=True, slots=True)
class Session:
    """One session's timings, in seconds from opening the websocket: its first map, and the end of the
    script run that drew it."""

    first_map: float
    finished: float


async def open_session(port: int, query: str = "", timeout: float = 300) -> Session:
    """Open the app as a browser does (a websocket and a rerun request with the page's query string), then
    read the server's messages until the run that draws the map has finished."""
    start = time.perf_counter()
    first_map = None
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=timeout) as stream:
        await stream.send(BackMsg(rerun_script=ClientState(query_string=query)).SerializeToString())
        async with asyncio.timeout(timeout):
            async for data in stream:
                message = ForwardMsg()
                message.ParseFromString(data)
                kind = message.WhichOneof("type")
                if first_map is None and kind == "delta" and _is_map(message):
                    first_map = time.perf_counter() - start
                elif kind == "script_finished":
                    if first_map is None:
                        raise RuntimeError("the app's run finished without a map")
                    return Session(first_map, time.perf_counter() - start)
    raise RuntimeError("the server closed the session before its run finished")


def _is_map(message: ForwardMsg) -> bool:
    element = message.delta.new_element
    return (element.WhichOneof("type") == "component_instance"
            and element.component_instance.component_name.endswith(MAP_COMPONENT))


@dataclass(frozen=True, slots=True)
class LoadFigures:
    """What `sessions` sessions opened at once cost: sessions per second (sessions over the time until the
    last one had its first map), the median and 95th percentile time to the first map, and the server's
    CPU time per session."""

    sessions: int
    sessions_per_s: float
    first_map_median_s: float
    first_map_p95_s: float
    server_cpu_per_session_s: float


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


async def _open_at_once(port: int, sessions: int, query: str) -> list[Session]:
    return list(await asyncio.gather(*(open_session(port, query) for _ in range(sessions))))


def measure_sessions(server: Server, sessions: int, query: str = "") -> LoadFigures:
    """Open `sessions` sessions at once on a running server and time them."""
    cpu = server.cpu_seconds()
    start = time.perf_counter()
    timings = asyncio.run(_open_at_once(server.port, sessions, query))
    elapsed = time.perf_counter() - start
    first = [t.first_map for t in timings]
    return LoadFigures(sessions, round(sessions / max(first), 2), round(statistics.median(first), 2),
                       round(p95(first), 2), round((server.cpu_seconds() - cpu) / sessions, 3))
