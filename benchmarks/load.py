"""Load benchmark of the web API: concurrent readers while an ingest writes.

    python benchmarks/load.py                     # 10,000 articles, 50 clients, 30 s
    python benchmarks/load.py --articles 2000 --seconds 10 --clients 20

What it does (loopback only, bounded in count and time; prints one JSON object):

1. **Fill** a store (a SQLite file, or ``--db URL``: PostgreSQL) with ``--articles`` articles
   through the library (``Pipeline.ingest(..., analyse=True)`` over JSON Lines files of 1,000
   articles: the full pipeline, embeddings, clustering and each touched story's knowledge
   included; ``benchmarks/big_store.py`` writes a bigger one faster). A ``--db``
   that already holds enough articles is reused; stories whose stored knowledge is missing or
   stale are then analysed (``Pipeline.refresh_knowledge``) before the server starts.
2. **Serve** it with ``storyline serve`` (a subprocess on 127.0.0.1, a free port, a write token).
3. **Read and write at once** for ``--seconds``: ``--clients`` asyncio + httpx clients loop
   over ``GET /api/stories`` (random page and sort), ``GET /api/stories/{id}`` and
   ``GET /api/search?q=`` while ``--ingest`` more articles go in through
   ``POST /api/ingest`` (JSON Lines, 100 a request; ``--ingest-via library`` writes from another
   process with the library instead). Every reply is checked: status 200 and the expected keys.
   ``--routes all`` adds the other read routes: ``GET /api/entities`` (a page, or one name),
   ``GET /api/expectations`` (a page, by status or not), the story list page ``GET /?entity=``
   (an entity's stories, sometimes by status too) and ``longsearch`` (500 characters of the
   pool's 60 most common words).
   ``--warm N`` first ingests N articles and waits (reported as ``warm``): the server's
   writer process then has its models and stream state loaded, as in a server that has been
   running, rather than loading them (minutes at a million articles) while the reads run.
   Clients send back to back (closed loop) unless ``--think-ms`` gives them a mean pause;
   ``--routes`` restricts the mix (to find which route is slow); ``--workers`` is passed to
   ``storyline serve``.
4. **Report** requests/s, latency percentiles (ms) overall and per route, errors, and the
   ingest's own time.

How the articles are made (honest synthetic data, documented here): the pool is the ECB+
corpus in ``../shared/data/ecbplus`` (772 real news reports of 66 real events, CC BY 3.0).
Article *k* belongs to one event (sub-topic) picked at random: its title is the first sentence
of one report of that event, its text 6-12 sentences sampled from two reports of the same
event and shuffled (sentence recombination), its date a fixed day per event plus 0-20 days,
its source a publisher name from the UCI News Aggregator sample (real outlets), and its URL
``https://load.example/<k>``. So stories form as they would (same event, different wording),
and some articles are near-duplicates of others, as wire copies are.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from storyline import Pipeline, open_store
from storyline.evaluation.ecbplus import read_document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
ECB = SHARED / "ecbplus" / "ECB+"
UCI = SHARED / "uci_news_aggregator" / "uci-news-aggregator.head6367.csv"
HOST = "127.0.0.1"  # loopback only
TOKEN = "load-benchmark-token"
MAX_SECONDS = 300
MAX_CLIENTS = 200
INGEST_BATCH = 100
FILL_BATCH = 1000
ROUTES = ("stories", "story", "search", "longsearch", "entities", "expectations", "entity")


# -- the synthetic articles ------------------------------------------------------------------


@dataclass(slots=True)
class Pool:
    """Sentences of real reports grouped by event, and real publisher names."""

    events: dict[str, list[list[str]]]  # event -> reports -> sentences
    publishers: list[str]
    words: list[str] = field(default_factory=list)
    common: list[str] = field(default_factory=list)  # the most frequent words of the reports


def _sentences(path: Path) -> list[str]:
    """The document's sentences as the ECB+ loader reads them (URL and datelines dropped)."""
    return [s for s in read_document(path).sentences if len(s) > 30]


def load_pool(seed: int) -> Pool:
    events: dict[str, list[list[str]]] = defaultdict(list)
    for path in sorted(ECB.glob("*/*.xml")):
        topic, rest = path.stem.split("_", 1)
        event = f"{topic}-{'plus' if rest.endswith('ecbplus') else 'ecb'}"
        sentences = _sentences(path)
        if len(sentences) >= 3:
            events[event].append(sentences)
    with UCI.open(newline="", encoding="utf-8") as handle:
        publishers = sorted(
            {row["PUBLISHER"] for row in csv.DictReader(handle) if row["PUBLISHER"]}
        )
    words = sorted(
        {
            w
            for reports in events.values()
            for s in reports[0][:3]
            for w in s.split()
            if w.isalpha() and len(w) > 5
        }
    )
    random.Random(seed).shuffle(words)
    counts: dict[str, int] = defaultdict(int)
    for reports in events.values():
        for report in reports:
            for sentence in report:
                for word in sentence.split():
                    if word.isalpha():
                        counts[word.lower()] += 1
    common = sorted(counts, key=lambda w: (-counts[w], w))[:60]
    return Pool(dict(events), publishers, words[:500], common)


def make_articles(pool: Pool, start: int, count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed * 1_000_003 + start)
    names = sorted(pool.events)
    base = {e: datetime(2023, 1, 1) + timedelta(days=i * 5) for i, e in enumerate(names)}
    for k in range(start, start + count):
        event = rng.choice(names)
        reports = pool.events[event]
        a, b = rng.choice(reports), rng.choice(reports)
        sentences = rng.sample(a + b, min(len(a + b), rng.randint(6, 12)))
        when = base[event] + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23))
        yield {
            "id": f"load-{k}",
            "url": f"https://load.example/{k}",
            "source": rng.choice(pool.publishers),
            "title": a[0][:120],
            "text": "\n\n".join(sentences),
            "published": when.isoformat(),
            "language": "en",
        }


def jsonl(articles: Iterator[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles).encode()


def _progress(stage: str, done: int, total: int) -> None:
    if done == total or done % 500 == 0:
        print(f"  {stage} {done}/{total}", file=sys.stderr, flush=True)


def _assigned(pipeline: Pipeline) -> int:
    """Articles that made it through the whole pipeline (assigned to a story)."""
    return sum(story.n_articles for story in pipeline.stories())


def fill(db: str, pool: Pool, target: int, seed: int) -> dict[str, Any]:
    """Ingest articles through the library until the store holds ``target`` of them."""
    started = time.perf_counter()
    with open_store(db) as store, tempfile.TemporaryDirectory() as folder:
        pipeline = Pipeline(store)
        have = store.count_articles()
        unassigned = have - _assigned(pipeline) if have else 0
        if unassigned:
            print(f"warning: {db} holds {unassigned} unprocessed articles", file=sys.stderr)
        for start in range(have, target, FILL_BATCH):
            count = min(FILL_BATCH, target - start)
            path = Path(folder) / f"fill-{start}.jsonl"
            path.write_bytes(jsonl(make_articles(pool, start, count, seed)))
            print(f"filling {start + count}/{target}", file=sys.stderr, flush=True)
            pipeline.ingest([path], progress=_progress, analyse=True)
        # A store filled without analysis (or by an older version): analyse what is stale.
        analysed_at = time.perf_counter()
        analysed = pipeline.refresh_knowledge(store.story_ids(), progress=_progress)
        analyse_seconds = round(time.perf_counter() - analysed_at, 1)
        stored = store.count_articles()
        stories = len(store.story_ids())
    seconds = round(time.perf_counter() - started, 1)
    return {
        "articles": stored,
        "stories": stories,
        "seconds": seconds,
        "reused": have >= target,
        "stories_analysed_after_fill": analysed,
        "analyse_after_fill_seconds": analyse_seconds,
    }


def as_is(db: str) -> dict[str, Any]:
    """A --db served as it is (``--as-is``): what it holds."""
    with open_store(db) as store:
        return {"articles": store.count_articles(), "stories": store.count_stories(), "as_is": True}


# -- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(db: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STORYLINE_TOKEN": TOKEN}
    command = [sys.executable, "-c", "from storyline.cli import main; main()"]
    command += ["--db", str(db), "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/stories?limit=1", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


# -- readers ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    knowledge: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _check(
    route: str, response: httpx.Response, story_id: str | None, results: Results
) -> str | None:
    if response.status_code != 200:
        return f"{route}: HTTP {response.status_code} {response.text[:120]}"
    if route == "entity":  # the story list page, filtered by an entity
        return None if "<html" in response.text[:500].lower() else f"{route}: not a page"
    body = response.json()
    if route == "story":  # how the story's knowledge was served: current, stale or missing
        state = body.get("knowledge") or {}
        results.knowledge[
            "missing" if state.get("missing") else "stale" if state.get("stale") else "current"
        ] += 1
    ok = {
        "stories": lambda: isinstance(body.get("stories"), list) and body["total"] >= 1,
        "story": lambda: body.get("id") == story_id and body["articles"],
        "search": lambda: isinstance(body.get("hits"), list),
        "longsearch": lambda: isinstance(body.get("hits"), list),
        "entities": lambda: isinstance(body.get("entities"), list) and body["total"] >= 1,
        "expectations": lambda: isinstance(body.get("expectations"), list),
    }[route]()
    return None if ok else f"{route}: unexpected body {str(body)[:120]}"


def _request(rng: random.Random, plan: ReadPlan) -> tuple[str, str, dict[str, Any], str | None]:
    route = rng.choice(plan.routes)
    if route == "stories":
        params = {
            "limit": 20,
            "offset": rng.randint(0, 100),
            "sort": rng.choice(["updated", "size"]),
        }
        return "stories", "/api/stories", params, None
    if route == "story":
        story_id = rng.choice(plan.story_ids)
        return "story", f"/api/stories/{story_id}", {}, story_id
    if route == "entities":  # a page of the entity list, sometimes one name's entities
        params = {"limit": 100, "offset": rng.randint(0, 200)}
        if rng.random() < 0.25:
            params = {"name": rng.choice(plan.entities)}
        return "entities", "/api/entities", params, None
    if route == "expectations":
        params = {"limit": 100, "offset": rng.randint(0, 200)}
        if rng.random() < 0.5:
            params["status"] = rng.choice(["pending", "confirmed", "overdue", "unreported"])
        return "expectations", "/api/expectations", params, None
    if route == "entity":  # the story list page filtered by an entity (and a status)
        params = {"entity": rng.choice(plan.entities)}
        if rng.random() < 0.25:
            params["status"] = rng.choice(["pending", "overdue"])
        return "entity", "/", params, None
    if route == "longsearch":  # 500 characters of the most common words
        words: list[str] = []
        while len(" ".join(words)) < 500:
            words.append(rng.choice(plan.common))
        return "longsearch", "/api/search", {"q": " ".join(words)[:500]}, None
    words = rng.sample(plan.words, rng.choice([1, 1, 2]))
    return "search", "/api/search", {"q": " ".join(words)}, None


@dataclass(frozen=True, slots=True)
class ReadPlan:
    stop_at: float
    story_ids: list[str]
    words: list[str]
    routes: list[str]
    think_ms: float = 0.0  # mean pause between a client's requests (0: back to back)
    entities: list[str] = field(default_factory=list)  # names for the entity filters
    common: list[str] = field(default_factory=list)  # words for the long searches


async def reader(client: httpx.AsyncClient, n: int, plan: ReadPlan, results: Results) -> None:
    rng = random.Random(n)
    while time.perf_counter() < plan.stop_at:
        route, path, params, story_id = _request(rng, plan)
        started = time.perf_counter()
        try:
            response = await client.get(path, params=params)
            problem = _check(route, response, story_id, results)
        except httpx.HTTPError as exc:
            problem = f"{route}: {type(exc).__name__}: {exc}"
        results.latencies[route].append((time.perf_counter() - started) * 1000)
        if problem:
            results.errors.append(problem)
        if plan.think_ms:
            await asyncio.sleep(rng.uniform(0, 2 * plan.think_ms) / 1000)


# -- the concurrent writer -------------------------------------------------------------------


async def ingest_http(
    client: httpx.AsyncClient, pool: Pool, start: int, count: int, seed: int
) -> dict[str, Any]:
    started = time.perf_counter()
    ingested, errors = 0, []
    for batch in range(start, start + count, INGEST_BATCH):
        body = jsonl(make_articles(pool, batch, min(INGEST_BATCH, start + count - batch), seed))
        response = await client.post(
            "/api/ingest",
            content=body,
            timeout=600,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"},
        )
        if response.status_code != 200:
            errors.append(f"ingest: HTTP {response.status_code} {response.text[:120]}")
            continue
        ingested += response.json()["ingested"]
    return {
        "via": "http",
        "ingested": ingested,
        "errors": errors,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _ingest_process(db: str, start: int, count: int, seed: int) -> None:
    pool = load_pool(seed)
    with open_store(db) as store, tempfile.TemporaryDirectory() as folder:
        pipeline = Pipeline(store)
        for batch in range(start, start + count, INGEST_BATCH):
            path = Path(folder) / f"more-{batch}.jsonl"
            n = min(INGEST_BATCH, start + count - batch)
            path.write_bytes(jsonl(make_articles(pool, batch, n, seed)))
            pipeline.ingest([path])


async def ingest_library(
    db: str, start: int, count: int, seed: int, stop_at: float | None = None
) -> dict[str, Any]:
    """Ingest from another process; ``stop_at`` (``--ingest-stop``): stop it then if it is
    still running (it was running all through the reads: a big store takes minutes to load)."""
    started = time.perf_counter()
    process = multiprocessing.get_context("spawn").Process(
        target=_ingest_process, args=(str(db), start, count, seed)
    )
    process.start()
    while process.is_alive():
        if stop_at is not None and time.perf_counter() > stop_at:
            process.terminate()
            process.join()
            return {
                "via": "library (another process)",
                "stopped_unfinished_after_s": round(time.perf_counter() - started, 1),
                "errors": [],
            }
        await asyncio.sleep(0.2)
    errors = [] if process.exitcode == 0 else [f"ingest process exit code {process.exitcode}"]
    return {
        "via": "library (another process)",
        "ingested": count if not errors else 0,
        "errors": errors,
        "seconds": round(time.perf_counter() - started, 1),
    }


# -- the run ---------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    cuts = (
        statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    )
    return {
        "p50": round(cuts[49], 1),
        "p95": round(cuts[94], 1),
        "p99": round(cuts[98], 1),
        "max": round(max(values), 1),
        "count": len(values),
    }


async def _read(client: httpx.AsyncClient, clients: int, plan: ReadPlan, results: Results) -> float:
    """Run the readers until ``plan.stop_at``; the seconds they took (the read window)."""
    started = time.perf_counter()
    await asyncio.gather(*(reader(client, n, plan, results) for n in range(clients)))
    return time.perf_counter() - started


async def run_load(
    args: argparse.Namespace, db: str, pool: Pool, base: str, before: int
) -> dict[str, Any]:
    # Idle connections are dropped by the client (2 s) before the server would (uvicorn: 5 s):
    # with both at 5 s a request may go out on a connection the server is closing (ReadError).
    limits = httpx.Limits(max_connections=args.clients + 2, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        warm = await ingest_http(client, pool, before, args.warm, args.seed) if args.warm else None
        before += args.warm
        listed = (await client.get("/api/stories", params={"limit": 500}, timeout=300)).json()
        named = (await client.get("/api/entities", params={"limit": 500}, timeout=300)).json()
        names = [e["name"] for e in named["entities"]]
        plan = ReadPlan(
            time.perf_counter() + args.seconds,
            [s["id"] for s in listed["stories"]],
            pool.words,
            args.routes.split(","),
            args.think_ms,
            names[:50] + names[-50:] or ["nobody"],  # common names and rare ones
            pool.common,
        )
        results = Results()
        writer = (
            ingest_http(client, pool, before, args.ingest, args.seed)
            if args.ingest_via == "http"
            else ingest_library(
                db, before, args.ingest, args.seed, plan.stop_at if args.ingest_stop else None
            )
        )
        ingest, window = await asyncio.gather(writer, _read(client, args.clients, plan, results))
    every = [x for values in results.latencies.values() for x in values]
    return {
        "routes": plan.routes,
        "think_ms": plan.think_ms,
        "requests": len(every),
        "read_seconds": round(window, 1),
        "requests_per_s": round(len(every) / max(window, 1e-9), 1),
        "errors": len(results.errors) + len(ingest["errors"]),
        "error_samples": sorted(set(results.errors))[:5] + ingest["errors"][:5],
        "latency_ms": percentiles(every),
        "latency_ms_by_route": {r: percentiles(v) for r, v in sorted(results.latencies.items())},
        "story_knowledge_served": dict(results.knowledge),
        "ingest": ingest,
        "warm": warm,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles stored first")
    parser.add_argument("--ingest", type=int, default=1_000, help="articles ingested meanwhile")
    parser.add_argument(
        "--warm",
        type=int,
        default=0,
        help="with --ingest-via http: ingest this many first, before the reads (the server's "
        "writer process then has its models and stream state loaded, as in a server that has "
        "been running; the report's 'warm' gives how long that took)",
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--ingest-via", choices=["http", "library"], default="http")
    parser.add_argument(
        "--think-ms", type=float, default=0.0, help="mean pause between a client's requests"
    )
    parser.add_argument(
        "--routes",
        default="stories,story,search",
        help=f"comma-separated, of {','.join(ROUTES)} (all: every read route)",
    )
    parser.add_argument(
        "--db",
        help="store file or URL, e.g. postgresql://host/dbname (reused if it holds enough "
        "articles)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--ingest-stop",
        action="store_true",
        help="with --ingest-via library: stop the ingest when the reads end",
    )
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="serve a --db holding enough articles as it is (no check of its knowledge)",
    )
    parser.add_argument("--workers", type=int, default=1, help="storyline serve --workers")
    args = parser.parse_args(argv)
    if args.routes == "all":
        args.routes = ",".join(ROUTES)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--clients 1..{MAX_CLIENTS}, --seconds up to {MAX_SECONDS}")
    if args.warm and args.ingest_via != "http":
        parser.error("--warm is for --ingest-via http (the library ingest is another process)")
    if args.warm < 0:
        parser.error("--warm: a number of articles, 0 or more")
    if not set(args.routes.split(",")) <= set(ROUTES):
        parser.error(f"--routes: a comma-separated subset of {','.join(ROUTES)}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    pool = load_pool(args.seed)
    with tempfile.TemporaryDirectory(prefix="storyline-load-") as folder:
        db = args.db or str(Path(folder) / "load.db")
        filled = as_is(db) if args.as_is and args.db else fill(db, pool, args.articles, args.seed)
        port = free_port()
        server = start_server(db, port, args.workers)
        try:
            base = f"http://{HOST}:{port}"
            load = asyncio.run(run_load(args, db, pool, base, filled["articles"]))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # requests still in flight (a slow route)
                server.kill()
                server.wait()
        with open_store(db) as store:
            after = store.count_articles()
    report = {
        "stored_before": filled,
        "stored_after": after,
        "clients": args.clients,
        "workers": args.workers,
        **load,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
