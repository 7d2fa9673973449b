"""Peak memory of the whole pipeline: one big file, and a long stream of small articles.

    python benchmarks/memory.py --json --cases text,jsonl
    python benchmarks/memory.py --json --cases stream --sizes 10000,100000

Every case runs in a fresh Python process (``--child``), which reports its own peak resident
memory (``VmHWM``) at the end of each pipeline phase (``read``: inputs parsed and stored;
``cluster``: cleaning, language, duplicates, features, clustering and their writes), so a
figure is never inflated by an earlier case. The analysis (entities, events, ledger; the
``nlp`` extra) runs in a process of its own over the store the ingest left (``analyse_*``).

Cases (inputs written at run time to a temporary folder from real text in ``../shared/data``,
seeded; nothing is committed):

* ``text``: one plain-text file of ``--mb`` MB (45: under the 50 MB file limit) of real
  prose made varied (:func:`big_text`);
* ``jsonl``: the same text as one JSON Lines record;
* ``jsonl-many``: one JSON Lines file of ``--mb`` MB of small articles (benchmarks/corpus.py:
  real ECB+ / UCI sentences recombined, ~1.4 kB each);
* ``stream``: ``--sizes`` articles of that stream as JSON Lines files of ``--per-file``
  articles, ingested by one ``Pipeline.ingest`` call over their folder (each size a run of its
  own, into a new store). ``ms_per_article`` is the ingest's wall time over the articles.

The single files use the shipped embedder (USE); the stream uses ``HashingEmbedder(512)``
(USE's width) as benchmarks/scaling.py does, so that it measures the pipeline and not the
encoder (~11 ms of CPU per embedded text), unless ``--use``. Figures depend on the machine:
no test asserts them.

Measured 2026-12-06 on the shared 2-core machine (load ~10: wall times are 4-5x the CPU):

* 10 MB text: 1,590 MB peak before (branch base 1c8bbad; dedup's MinHash of every shingle at
  once, a list of every word), 375 MB after; 45 MB text 1,127 MB, 45 MB JSON Lines 1,134 MB
  (the issue measured 7.2 GB for both). The rest grows with the input (~22 MB per MB: the text
  and its cleaned copy as UCS-2 strings, the cleaning's lines, SQLite writing the row and its
  search index): the 1 GiB goal is not met at 45 MB.
* Later the same day (h-memory2; 1,143 MB for both on the branch base cdffddb): 45 MB text
  789 MB, 45 MB JSON Lines 758 MB, and 22 CPU-s where it took 27. The text has one emoji, so
  Python holds it as UCS-4: 174 MB a copy. Where the peak was (RSS sampled every 5 ms with
  the threads' stacks, tracemalloc for the Python heap): the raw text stayed alive beside the
  cleaned one until stored (now dropped once cleaned); cleaning split the text into lines
  twice; ~205 MB of freed line strings stayed in glibc's heap and a further ~140 MB of the
  fingerprint's shingle arrays, then SQLite's update of the row (~4x the text's UTF-8 size:
  the bound copy, the old row, the new record, the search index) came on top (now the heap
  is trimmed after cleaning and fingerprinting a batch of over 1,000,000 characters, and the
  shingles are merged in place). The peak is now cleaning itself: the raw text, its lines and
  the cleaned text at once.
* stream, 10,000 articles: 366 MB before, 342 MB after, 5.36 CPU ms per article; 50,000:
  849 MB, 5.91 CPU ms (1.10x). Between them ~12.7 kB per article: ~8.2 kB in the duplicate
  index (tracemalloc; from the 50,001st article on only for the last
  ``DedupConfig.near_window`` = 50,000, ~0.5 kB for the others), ~1.4 kB in the boilerplate
  model (not bounded: every distinct short line per source, and every article id), the
  clusterer's state, and ~2 kB not accounted for.
* stream, 1,000,000 articles (42aa3a1, 2026-12-06/07, load 3-7, at nice -10; ``--sizes
  10000,1000000 --no-analyse``): peak 2,493 MB (read phase 713 MB), 9.05 CPU ms per article
  against 6.62 at 10,000 (1.37x; wall 7.99 against 6.25 ms, 1.28x), 17,481 stories, 2 h 13 min.
  Sampled from outside, RSS grew ~1.8 kB an article to 300,000 and ~0.6 kB after.
* stream, 5,000 articles, with the worker process that prepares the batches (h-speed3,
  2026-12-07, load ~9, nice 12; 100,000 did not fit the session at that load): peak 264 MB
  before (thread) -> 248 MB after, the worker's peak 117 MB RSS of which 65 MB its own
  (private; the rest pages shared with its parent since the fork); CPU per article 6.90 ->
  4.30 here + 2.85 in the worker; the same 958 stories.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SHARED, load_pool, stream

GROUND_TRUTH = SHARED / "article_extraction_benchmark" / "ground-truth.json"


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ``ru_maxrss`` would count the parent's
    pages at the fork, which Linux carries across exec)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# --------------------------------------------------------------------------- inputs
def big_text(mb: float, seed: int = 0) -> str:
    """About ``mb`` MB of English prose as varied as that many MB of distinct reports: the
    extraction benchmark's article bodies and the ECB+ reports, paragraphs drawn at random and
    a word in four replaced by a word drawn from them (so that most 3-word shingles are new, as
    in a text that long that does not repeat itself; repeated paragraphs would flatter dedup).
    """
    bodies = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    paragraphs = [
        p.strip() for b in bodies.values() for p in b.get("articleBody", "").split("\n") if p
    ]
    paragraphs += [" ".join(r) for reports in load_pool().events.values() for r in reports]
    words = [w for p in paragraphs for w in p.split()]
    rng = random.Random(seed)
    parts: list[str] = ["A long report, gathered from many pages"]
    size, target = 0, int(mb * 1_000_000)
    while size < target:
        tokens = rng.choice(paragraphs).split()
        for i in range(len(tokens)):
            if rng.random() < 0.25:
                tokens[i] = rng.choice(words)
        parts.append(" ".join(tokens))
        size += len(parts[-1].encode("utf-8")) + 2
    return "\n\n".join(parts)


def _record(item: Any) -> str:
    return json.dumps(
        {
            "id": item.id,
            "title": item.title,
            "text": item.text,
            "published": item.published.isoformat(),
            "source": item.source,
        }
    )


def write_inputs(case: str, folder: Path, mb: float, size: int, per_file: int) -> int:
    """Write the case's input(s) under ``folder``; how many bytes."""
    if case == "text":
        data = big_text(mb).encode("utf-8")
        (folder / "big.txt").write_bytes(data)
        return len(data)
    if case == "jsonl":
        record = {"id": "big", "title": "A long report", "text": big_text(mb)}
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        (folder / "big.jsonl").write_bytes(data)
        return len(data)
    if case == "jsonl-many":
        total, lines = 0, []
        for item in stream(load_pool(), 10**7, seed=1):
            line = _record(item)
            total += len(line.encode("utf-8")) + 1
            if total > mb * 1_000_000:
                break
            lines.append(line)
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / "many.jsonl").write_bytes(data)
        return len(data)
    total, lines, n_file = 0, [], 0
    for k, item in enumerate(stream(load_pool(), size, seed=1), 1):
        lines.append(_record(item))
        if len(lines) == per_file or k == size:
            data = ("\n".join(lines) + "\n").encode("utf-8")
            (folder / f"part-{n_file:06d}.jsonl").write_bytes(data)
            total += len(data)
            n_file, lines = n_file + 1, []
    return total


# --------------------------------------------------------------------------- children
class _WorkerSampler:
    """The peak memory of this process's children (the pipeline's worker process), read
    every ``every`` seconds from /proc: ``rss`` counts the pages it shares with this process
    since the fork, ``private`` (USS) only its own."""

    def __init__(self, every: float = 0.5) -> None:
        self.peak = {"rss_mb": 0.0, "private_mb": 0.0}
        self.seen: set[int] = set()
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            for pid in _child_pids():
                fields = _smaps_rollup(pid)
                if not fields:
                    continue
                self.seen.add(pid)
                private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
                self.peak["rss_mb"] = max(self.peak["rss_mb"], fields.get("Rss", 0) / 1024)
                self.peak["private_mb"] = max(self.peak["private_mb"], private / 1024)

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join()
        return {"workers": len(self.seen), **{k: round(v) for k, v in self.peak.items()}}


def _child_pids() -> list[int]:
    pids: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            pids.extend(int(p) for p in (task / "children").read_text().split())
        except OSError:
            continue
    return pids


def _smaps_rollup(pid: int) -> dict[str, int]:
    """kB by field of /proc/PID/smaps_rollup ({} once the process is gone)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
    except OSError:
        return {}
    return {line.split()[0].rstrip(":"): int(line.split()[1]) for line in lines}


def child_ingest(inputs: Path, db: Path, use: bool) -> dict[str, Any]:
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    embedder = None
    if not use:
        from storyline.embed.models import HashingEmbedder

        embedder = HashingEmbedder(512)
    peaks: dict[str, float] = {}
    phase_seconds: dict[str, float] = {}
    last: list[str] = []
    started = [0.0]

    def tick(phase: str, done: int, total: int) -> None:
        if last and last[0] != phase:
            peaks[last[0]] = _peak_mb()
            phase_seconds[last[0]] = time.perf_counter() - started[0]
        if not last or last[0] != phase:
            started[0] = time.perf_counter()
        last[:] = [phase]

    base = _peak_mb()
    store = open_store(db)
    pipeline = Pipeline(store, embedder=embedder)
    sampler = _WorkerSampler()
    t0, c0, w0 = time.perf_counter(), time.process_time(), sum(os.times()[2:4])
    report = pipeline.ingest([inputs], progress=tick, analyse=False)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    worker_cpu = sum(os.times()[2:4]) - w0  # the worker process, ended and waited for
    workers = sampler.stop()
    if last:
        peaks[last[0]] = _peak_mb()
        phase_seconds[last[0]] = time.perf_counter() - started[0]
    store.close()
    return {
        "ingested": report.ingested,
        "rejected": len(report.rejected),
        "stories": len(report.story_ids),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "ms_per_article": round(1000 * seconds / max(report.ingested, 1), 3),
        "cpu_ms_per_article": round(1000 * cpu / max(report.ingested, 1), 3),
        "seconds_by_phase": {k: round(v, 1) for k, v in phase_seconds.items()},
        "peak_rss_mb_before": round(base),
        "peak_rss_mb_by_phase": {k: round(v) for k, v in peaks.items()},
        "peak_rss_mb": round(_peak_mb()),
        "rss_mb_end": round(_rss_mb()),
        "worker_cpu_ms_per_article": round(1000 * worker_cpu / max(report.ingested, 1), 3),
        "worker_peak_mb": workers,
    }


def child_analyse(db: Path) -> dict[str, Any]:
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    store = open_store(db)
    pipeline = Pipeline(store)
    notices: list[str] = []
    t0 = time.perf_counter()
    try:
        _, analysed = pipeline.finish_analysis(notices=notices)
    except Exception as exc:  # the nlp extra missing: say so
        return {"error": f"{type(exc).__name__}: {exc}"}
    store.close()
    return {
        "analysed_stories": analysed,
        "seconds": round(time.perf_counter() - t0, 1),
        "notices": notices[:3],
        "peak_rss_mb": round(_peak_mb()),
    }


def _run_child(args: list[str]) -> dict[str, Any]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, __file__, "--child", *args]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run_case(case: str, size: int, opts: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="storyline-memory-") as tmp:
        folder = Path(tmp) / "inputs"
        folder.mkdir()
        nbytes = write_inputs(case, folder, opts.mb, size, opts.per_file)
        db = Path(tmp) / "store.db"
        use = opts.use or case != "stream"
        row: dict[str, Any] = {"case": case, "input_mb": round(nbytes / 1e6, 1)}
        if case == "stream":
            row["articles"] = size
        row["ingest"] = _run_child(["ingest", str(folder), str(db), "use" if use else "hash"])
        if opts.analyse:
            row["analyse"] = _run_child(["analyse", str(db)])
        return row


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        what = sys.argv[2]
        if what == "ingest":
            found = child_ingest(Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[5] == "use")
        else:
            found = child_analyse(Path(sys.argv[3]))
        print(json.dumps(found))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default="text,jsonl,stream")
    parser.add_argument("--mb", type=float, default=45.0)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--per-file", type=int, default=1000)
    parser.add_argument("--use", action="store_true", help="USE for the stream too")
    parser.add_argument("--no-analyse", dest="analyse", action="store_false")
    parser.add_argument("--json", action="store_true")
    opts = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for case in opts.cases.split(","):
        sizes = [int(s) for s in opts.sizes.split(",")] if case == "stream" else [0]
        for size in sizes:
            rows.append(run_case(case, size, opts))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    if opts.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
