"""Load on POST /wechat over loopback: requests/s and p50/p99 latency at N connections.

    python benchmarks/bench_wechat.py [--connections 200] [--requests 4000] [--rate 0]
                                      [--seconds 60] [--threadpool]

The server is a real uvicorn in a child process (its own interpreter, so client and server
do not share a GIL), serving create_app() with a plain-mode Official Account. The client is
httpx.AsyncClient with `--connections` connections, every request a signed text message
from a distinct user (so no rate limit interferes), the questions taken in turn from a small
list. With --rate 0 (closed loop) every connection sends its next request as soon as the
last one is answered: that measures capacity. With --rate R (open loop) requests start at R
a second in all, spread over the connections: that measures latency at a given load.
The run stops after --requests requests or --seconds seconds, whichever comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.wechat_crypto import sha1_signature  # noqa: E402

TOKEN = "bench-token"
QUESTIONS = [
    "逾期会联系我家人吗",
    "逾期45天会怎样",
    "逾期会上征信吗",
    "会不会被起诉",
    "还不上钱怎么协商",
    "遇到暴力催收怎么投诉",
    "信用卡逾期三个月会坐牢吗",
    "你好",
]
BODY = (
    "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{user}]]>"
    "</FromUserName><CreateTime>{now}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
    "<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
)


def serve(port: int) -> None:
    """The child process: the real app, as `overdue-bot serve` builds it."""
    import uvicorn

    from bot import serving
    from bot.engine import Engine
    from bot.server import create_app
    from bot.settings import Settings

    engine = Engine.from_faq()
    engine.answer("你好")
    settings = Settings.from_environ({"WECHAT_TOKEN": TOKEN})
    # The same uvicorn configuration as `overdue-bot serve` (timeouts, connection cap).
    uvicorn.Server(serving.config(create_app(engine, settings), "127.0.0.1", port, "warning")).run()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str, seconds: float = 30.0) -> bool:
    """Wait until the server at `url` answers /healthz; False if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            time.sleep(0.05)
    return False


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def load(url: str, args: argparse.Namespace) -> tuple[list[float], int, float]:
    """Send the requests; the latencies of the answered ones, the failures, the wall time."""
    latencies: list[float] = []
    failures = 0
    issued = 0
    deadline = time.monotonic() + args.seconds
    # One client per connection: a single httpx pool of 200 connections costs the client
    # more CPU per request than the server spends answering it.
    one_connection = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=url, limits=one_connection, timeout=30)
            )
            for _ in range(args.connections)
        ]

        async def one(client: httpx.AsyncClient, i: int) -> None:
            nonlocal failures
            now = str(int(time.time()))
            params = {
                "timestamp": now,
                "nonce": str(i),
                "signature": sha1_signature(TOKEN, now, str(i)),
            }
            body = BODY.format(
                user=f"oBench{i}",
                now=now,
                text=QUESTIONS[i % len(QUESTIONS)],
                msg_id=10_000_000 + i,
            )
            started = time.perf_counter()
            try:
                response = await client.post("/wechat", params=params, content=body)
                ok = response.status_code == 200 and b"<Content>" in response.content
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                failures += 1

        async def closed_loop_worker(client: httpx.AsyncClient) -> None:
            nonlocal issued
            while issued < args.requests and time.monotonic() < deadline:
                issued += 1
                await one(client, issued)

        # Open the connections first, so the figures are not about TCP handshakes.
        await asyncio.gather(*(client.get("/healthz") for client in clients))
        started = time.perf_counter()
        if args.rate <= 0:
            await asyncio.gather(*(closed_loop_worker(client) for client in clients))
        else:
            tasks = []
            while issued < args.requests and time.monotonic() < deadline:
                issued += 1
                tasks.append(asyncio.create_task(one(clients[issued % len(clients)], issued)))
                # Paced against the start, so the event loop's delays do not lower the rate.
                await asyncio.sleep(max(0.0, started + issued / args.rate - time.perf_counter()))
            await asyncio.gather(*tasks)
        return latencies, failures, time.perf_counter() - started


WRK_SCRIPT = """
texts = {%s}
counter = 0
request = function()
  counter = counter + 1
  local text = texts[counter %% #texts + 1]
  local body = string.format(%r, "oWrk" .. (%d + counter), text, %d + counter)
  return wrk.format("POST", %r, {["Content-Type"] = "text/xml"}, body)
end
"""


def wrk(url: str, connections: int, seconds: int, first_msg_id: int = 20_000_000) -> dict:
    """Closed-loop load with wrk (a C client: the Python client tops out first): its figures.

    Every request is a signed text message from a new user, the questions taken in turn."""
    now = str(int(time.time()))
    path = f"/wechat?timestamp={now}&nonce=1&signature={sha1_signature(TOKEN, now, '1')}"
    body = BODY.format(user="%s", now=now, text="%s", msg_id="%d")  # Lua fills them
    texts = ", ".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % (texts, body, first_msg_id, first_msg_id, path))
    # One wrk thread: it keeps 200 connections busy and leaves the server more of the CPUs.
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name]
    try:
        out = subprocess.run(
            [*command, url], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def _ms(value: str) -> float:
    """wrk's '1.23ms', '456.00us' or '1.02s' in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk_load(url: str, args: argparse.Namespace) -> int:
    """Run wrk against the server and print its figures."""
    seconds = int(min(args.seconds, 15))
    result = wrk(url, args.connections, seconds)
    print(
        f"POST /wechat with wrk, {args.connections} connections, closed loop, {seconds} s, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"{result['rate']:.0f} requests/s  latency p50 {result['p50']:.1f} ms  "
        f"p99 {result['p99']:.1f} ms  non-2xx {result['errors']}"
    )
    return 0 if not result["errors"] else 1


def main() -> int:
    """Start the server, load it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--rate", type=float, default=0.0, help="requests/s; 0: closed loop")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--wrk", action="store_true", help="load with wrk (apt install wrk)")
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    port = free_port()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        url = f"http://127.0.0.1:{port}"
        if not healthy(url):
            print("the server did not start", file=sys.stderr)
            return 1
        if args.wrk:
            if not shutil.which("wrk"):
                print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
                return 1
            return wrk_load(url, args)
        latencies, failures, wall = asyncio.run(load(url, args))
    finally:
        child.terminate()
        child.wait(timeout=10)
    mode = "closed loop" if args.rate <= 0 else f"open loop at {args.rate:g} requests/s"
    print(f"POST /wechat, {args.connections} connections, {mode}, {os.cpu_count()} CPUs")
    print(
        f"answered {len(latencies)}, failed {failures}, in {wall:.1f} s: "
        f"{len(latencies) / wall:.0f} requests/s"
    )
    if latencies:
        ms = [x * 1000 for x in latencies]
        print(
            f"latency ms: p50 {percentile(ms, 0.50):.1f}  p90 {percentile(ms, 0.90):.1f}  "
            f"p99 {percentile(ms, 0.99):.1f}  max {max(ms):.1f}  "
            f"mean {statistics.mean(ms):.1f}"
        )
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
