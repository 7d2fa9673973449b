"""A new Pipeline starts from the stream snapshot beside the store (not from every article),
and from the store when the snapshot is missing, stale, foreign, corrupt or hostile."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from _stream_samples import SETTINGS, Reads, dated_files, partition

from storyline import Pipeline, open_store
from storyline.config import ClusterConfig, EmbedConfig, Settings
from storyline.pipeline import snapshot
from storyline.pipeline.snapshot import SNAPSHOT_STATE, SNAPSHOT_SUFFIX, read_snapshot
from storyline.pipeline.stream import GENERATION_STATE, advance


@pytest.fixture(autouse=True)
def _small_stores_snapshot_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "MIN_ARTICLES", 1)


def _halves() -> tuple[list[Path], list[Path]]:
    files = dated_files()
    return files[: len(files) // 2], files[len(files) // 2 :]


def _written(db: Path) -> Path:
    """A store with the first half of the examples ingested, and its snapshot."""
    with open_store(db) as store:
        Pipeline(store, SETTINGS).ingest(_halves()[0])
        assert store.get_state(SNAPSHOT_STATE) is not None
    path = Path(f"{db}{SNAPSHOT_SUFFIX}")
    assert path.exists()
    return path


def _second_half(
    db: Path, settings: Settings = SETTINGS
) -> tuple[dict[str, int], set[frozenset[str]]]:
    """The second half ingested by a new Pipeline: what it read, and the stories."""
    with open_store(db) as store:
        reads = Reads(store)
        Pipeline(store, settings).ingest(_halves()[1])
        counts = dict(reads.counts)
        return counts, partition(store)


def _without_snapshot(tmp_path: Path) -> set[frozenset[str]]:
    with open_store(tmp_path / "plain.db") as store:
        Pipeline(store, SETTINGS).ingest(_halves()[0])
        store.put_state(SNAPSHOT_STATE, {"format": 0})  # never loaded: read every article
        Pipeline(store, SETTINGS).ingest(_halves()[1])
        return partition(store)


def test_a_new_pipeline_starts_from_the_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _written(db)
    counts, stories = _second_half(db)
    assert "iter_articles" not in counts  # not every article: the snapshot, then ...
    assert counts["articles_after"] == len(_halves()[1])  # ... only what was stored since
    assert stories == _without_snapshot(tmp_path)


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def _foreign(path: Path) -> None:
    """Another store's snapshot, of another size: copied over this one."""
    other = path.parent / "other.db"
    with open_store(other) as store:
        Pipeline(store, SETTINGS).ingest(dated_files()[:3])
    path.write_bytes(Path(f"{other}{SNAPSHOT_SUFFIX}").read_bytes())


def _stale_record(path: Path) -> None:
    with open_store(str(path)[: -len(SNAPSHOT_SUFFIX)]) as store:
        record = store.get_state(SNAPSHOT_STATE)
        assert record is not None
        store.put_state(SNAPSHOT_STATE, {**record, "n": record["n"] - 1})


def _deleted(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("spoil", [_corrupt, _truncate, _foreign, _stale_record, _deleted])
def test_a_spoiled_snapshot_is_ignored(tmp_path: Path, spoil: object) -> None:
    db = tmp_path / "s.db"
    path = _written(db)
    assert callable(spoil)
    spoil(path)
    counts, stories = _second_half(db)
    assert counts["iter_articles"] > 0  # every article read again ...
    assert stories == _without_snapshot(tmp_path)  # ... and the same stories


def test_a_snapshot_made_with_other_settings_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _written(db)
    other = Settings(cluster=ClusterConfig(threshold=0.9), embed=EmbedConfig(model="hashing"))
    with open_store(db) as store:
        assert read_snapshot(store, other, Pipeline(store, other).embedder) is None
        assert read_snapshot(store, SETTINGS, Pipeline(store, SETTINGS).embedder) is not None
    counts, _ = _second_half(db, other)
    assert counts["iter_articles"] > 0


class _Touch:
    """What a hostile pickle would run on load: it makes a file."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (Path(self.path),))  # type: ignore[return-value]


def test_a_snapshot_runs_no_code_it_names(tmp_path: Path) -> None:
    """Even a file that matches the store's record (its size and digest) makes only the
    classes a state holds: a pickle naming any other callable is refused, not run."""
    db = tmp_path / "s.db"
    path = _written(db)
    touched = tmp_path / "touched"
    path.write_bytes(pickle.dumps(_Touch(str(touched))))
    with open_store(db) as store:
        record = store.get_state(SNAPSHOT_STATE)
        assert record is not None
        digest = snapshot._sha256(path)
        store.put_state(SNAPSHOT_STATE, {**record, "bytes": path.stat().st_size, "sha256": digest})
        assert read_snapshot(store, SETTINGS, Pipeline(store, SETTINGS).embedder) is None
    assert not touched.exists()


def test_no_snapshot_beside_a_store_without_a_file(tmp_path: Path) -> None:
    with open_store(":memory:") as store:
        Pipeline(store, SETTINGS).ingest(_halves()[0])
        assert store.get_state(SNAPSHOT_STATE) is None
    assert not list(tmp_path.iterdir())


def test_the_snapshot_is_not_rewritten_for_every_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "MIN_ARTICLES", 4)
    files = dated_files()
    with open_store(tmp_path / "s.db") as store:
        pipeline = Pipeline(store, SETTINGS)
        written = []
        for start in range(0, 8, 2):  # two articles an ingest: a snapshot every other one
            pipeline.ingest(files[start : start + 2])
            written.append(json.dumps(store.get_state(SNAPSHOT_STATE)))
    assert written[0] == "null" and written[1] != "null"
    assert written[2] == written[1] and written[3] != written[2]


def test_a_snapshot_left_half_written_is_cleared_by_the_next(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    path = _written(db)
    left = path.with_name(f"{path.name}.0123abcd.tmp")  # a writer killed while writing
    left.write_bytes(b"half a snapshot")
    with open_store(db) as store:
        stream = Pipeline(store, SETTINGS)._sync_stream(set())
        assert snapshot.write_snapshot(store, stream, SETTINGS)
    assert not left.exists() and sorted(p.name for p in tmp_path.glob("s.db.stream*")) == [
        "s.db.stream"
    ]


def test_a_snapshot_after_ingests_counts_their_articles_as_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long-running writer's snapshot covers what it assigned itself: a new Pipeline reads
    none of those again, only what was stored after the snapshot."""
    monkeypatch.setattr(snapshot, "MIN_ARTICLES", 4)
    files = dated_files()
    db = tmp_path / "s.db"
    with open_store(db) as store:
        pipeline = Pipeline(store, SETTINGS)
        for start in range(0, 8, 2):
            pipeline.ingest(files[start : start + 2])
    with open_store(db) as store:
        reads = Reads(store)
        Pipeline(store, SETTINGS).ingest(files[8:10])
        assert dict(reads.counts)["articles_after"] == 2  # its own two, stored before assigned
        assert "iter_articles" not in reads.counts


def test_articles_assigned_by_a_writer_that_did_not_say_so_are_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article in a story that this Pipeline did not learn (its writer was killed before it
    bumped the generation) keeps the read position where it was, so a catch-up reads it."""
    monkeypatch.setattr(snapshot, "MIN_ARTICLES", 10**9)
    files = dated_files()
    db = tmp_path / "s.db"
    with open_store(db) as store, open_store(db) as other:
        pipeline = Pipeline(store, SETTINGS)
        pipeline.ingest(files[:3])  # loaded after they were stored: read up to them
        pipeline.ingest(files[5:7])  # assigned, not read
        stream = pipeline._stream
        assert stream is not None
        assert stream.seq == store.next_seq() - 1  # its own: counted as read
        assert advance(stream, store) and stream.seq == store.next_seq() - 1
        said = store.get_state(GENERATION_STATE)
        Pipeline(other, SETTINGS).ingest(files[3:5])
        other.put_state(GENERATION_STATE, said or {})  # as if it was killed before it said so
        at = stream.seq
        assert not advance(stream, store) and stream.seq == at
