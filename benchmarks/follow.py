"""Following N sources: polling rate, page fetches, CPU and memory (issue 21).

    python benchmarks/follow.py --sources 2000 --rounds 2 --json

A loopback web server in a child process plays N outlets (``s0.test`` ... each its own host,
reached through the address guard by a fake resolver, as in the tests). Each answer is delayed
100 to 500 ms (seeded per URL). Each outlet's RSS feed lists ten entries, and each poll of it
shows one entry more than the last (a new article every round). The article pages are the
extraction benchmark's 181 real pages, recycled across outlets with one line naming the outlet
and item added: the clustering sees mostly near duplicates, so this measures the polling and
storing machinery more than clustering (benchmarks/throughput.py measures that).

Printed per round: sources polled per second, pages fetched per second, new articles, CPU
seconds per 1,000 sources of the follower and its page-extracting worker (the server's CPU is
not counted), the machine's load average; at the end the peak RSS of the follower and of the
worker.
The goal on 2 cores: 10,000 sources on a 10-minute cycle, 16.7 sources a second, under 1 GiB.
On 2026-12-06 (``--sources 10000 --rounds 3 --entries 1``, load average 2.4-4.0, the run at
nice -10): round 1 21.5 sources/s, round 2 29.0 (345 s), round 3 23.4 (428 s), 43.8-51.6
CPU seconds per 1,000 sources, follower peak RSS 609 MB (542 MB in a 2-round run); the
worker's own peak, read from /proc, is 134 MB at 300 sources (one process extracting 1,000
pages: 163 MB). Before that day's fixes: 13.3 sources/s at 1,000 sources.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "follow"))

from _feed_server import bench_pages, loopback_transport

from storyline import Pipeline, Settings, add_source, open_store
from storyline.config import FollowConfig
from storyline.follow import Fetcher, Follower

FEED_ENTRIES = 10  # entries a feed lists (its first poll brings them all)


def _serve(port_out: Any, seed: int) -> None:
    pages = [body for _, body, _ in bench_pages(181)]
    polls: dict[str, int] = {}
    lock = threading.Lock()
    start = datetime(2026, 1, 1, tzinfo=UTC)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            rng = random.Random(f"{seed}{host}{self.path}")
            time.sleep(rng.uniform(0.1, 0.5))
            if self.path == "/feed.xml":
                with lock:
                    polls[host] = polls.get(host, 0) + 1
                    newest = polls[host] + FEED_ENTRIES
                body = _feed(host, newest, start)
                kind = "application/rss+xml"
            elif self.path.startswith("/item/"):
                item = int(self.path.split("/")[2].split(".")[0])
                number = int(host[1:].split(".")[0])
                page = pages[(number * 7 + item) % len(pages)]
                line = f"<p>Reported by outlet {host}, item {item}.</p>".encode()
                body = page.replace(b"</body>", line + b"</body>", 1)
                kind = "text/html; charset=utf-8"
            else:
                body, kind = b"", "text/plain"  # robots.txt: none
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 1024
    port_out.put(server.server_address[1])
    server.serve_forever()


def _feed(host: str, newest: int, start: datetime) -> bytes:
    items = "".join(
        f"<item><title>Item {i} of {host}</title><link>http://{host}/item/{i}.html</link>"
        f"<guid>{host}-{i}</guid><pubDate>{format_datetime(start + timedelta(hours=i))}</pubDate>"
        "<description>A short summary.</description></item>"
        for i in range(newest, newest - FEED_ENTRIES, -1)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{host}</title>"
        f"{items}</channel></rss>"
    ).encode()


class _Server:
    def __init__(self, seed: int) -> None:
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        self.process = context.Process(target=_serve, args=(queue, seed), daemon=True)
        self.process.start()
        self.port = int(queue.get(timeout=60))

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(10)


class _WorkerWatch:
    """The largest peak RSS (VmHWM, kB) of the page-extracting workers, read from /proc every
    0.2 s while they live. Not RUSAGE_CHILDREN's ru_maxrss: a spawned worker is forked before
    it execs, and that counts the follower's own pages as the child's (it reported the
    follower's peak, 540 MB, for workers that hold ~160 MB)."""

    def __init__(self, server_pid: int | None) -> None:
        self.server_pid = server_pid
        self.peak_kb = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.2):
            for child in multiprocessing.active_children():
                if child.pid == self.server_pid:
                    continue
                try:
                    status = Path(f"/proc/{child.pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak_kb


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished children (the page-extracting worker
    a round starts and ends; the server's process runs to the end, so it is not counted)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def run(n_sources: int, rounds: int, concurrency: int, seed: int) -> dict[str, Any]:
    server = _Server(seed)
    watch = _WorkerWatch(server.process.pid)
    result: dict[str, Any] = {"sources": n_sources, "concurrency": concurrency, "rounds": []}
    try:
        with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "f.db") as store:
            config = replace(FollowConfig(), concurrency=concurrency)
            pipeline = Pipeline(store, Settings(follow=config))
            for i in range(n_sources):
                add_source(store, f"http://s{i}.test/feed.xml")
            fetcher = Fetcher(config, transport_for=loopback_transport(server.port))
            follower = Follower(pipeline, fetcher, analyse=False)
            first = True
            for number in range(1, rounds + 1):
                sources = store.list_sources()
                cpu, wall = _cpu_s(), time.perf_counter()
                report = follower.once(sources)
                wall, cpu = time.perf_counter() - wall, _cpu_s() - cpu
                row = {
                    "round": number,
                    "polled": len(report.sources),
                    "errors": report.errors,
                    "new_articles": report.ingest.ingested,
                    "pages_fetched": report.pages,
                    "wall_s": round(wall, 1),
                    "sources_per_s": round(len(report.sources) / wall, 1),
                    "pages_per_s": round(report.pages / wall, 1),
                    "cpu_s_per_1000_sources": round(1000 * cpu / max(1, len(report.sources)), 1),
                    "robots_txt_fetched": first,
                    "load_average_1min": round(os.getloadavg()[0], 1),
                }
                first = False
                result["rounds"].append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
            result["articles_stored"] = store.count_articles()
        result["worker_peak_rss_mb"] = round(watch.stop() / 1024)
    finally:
        server.stop()
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result["load_average"] = [round(x, 1) for x in os.getloadavg()]
    return result


def main() -> None:
    global FEED_ENTRIES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=FollowConfig().concurrency)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--entries",
        type=int,
        default=FEED_ENTRIES,
        help="Entries each feed lists (its first poll brings them all; later ones one new).",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    FEED_ENTRIES = args.entries
    result = run(args.sources, args.rounds, args.concurrency, args.seed)
    print(json.dumps(result, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
