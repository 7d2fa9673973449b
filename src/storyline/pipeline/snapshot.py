"""The stream state saved in a file beside the store, so a new process need not read every
article (a million take over an hour to learn again; the snapshot loads in seconds).

A :class:`~storyline.pipeline.stream.StreamState` is pickled to ``<store file>.stream``
(:meth:`Store.sidecar_path`: SQLite files only; PostgreSQL and stores in memory load from the
store as before), and the store state ``stream_snapshot`` records what it holds: its size and
SHA-256, the generation and ``seq`` it covers, and a key of the settings and of the code that
shape the state. A new Pipeline loads it only when all of these match (a stale, foreign,
truncated or corrupt file is ignored: the state is then loaded from the store) and then catches
up with what was stored since (:func:`storyline.pipeline.stream.catch_up`). The file is read
by an unpickler that makes only the classes such a state holds (:class:`_Unpickler`).

Written after a full load of at least :data:`MIN_ARTICLES` articles, and after an ingest once
the state has learned :data:`EVERY_SHARE` of the store (and at least ``MIN_ARTICLES``) since:
a snapshot of a million articles is not rewritten for every ingest of a hundred.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import uuid
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import numpy as np

from storyline.cluster import StoryClusterer
from storyline.config import Settings
from storyline.embed import Embedder
from storyline.pipeline.stream import StreamState, advance, catch_up, load_stream
from storyline.store import Store
from storyline.text import DuplicateIndex

__all__ = ["SNAPSHOT_STATE", "SNAPSHOT_SUFFIX", "maybe_snapshot", "open_stream", "read_snapshot"]

SNAPSHOT_SUFFIX = ".stream"
SNAPSHOT_STATE = "stream_snapshot"
FORMAT = 1
# A full load below this many articles takes well under a minute (~5 ms each): no snapshot.
MIN_ARTICLES = 20_000
# Rewritten after the state learned this share of the store since (at 1,000,000 articles: every
# 20,000, a catch-up of under two minutes for a new process at worst).
EVERY_SHARE = 0.02
_CHUNK = 1 << 20
# What shapes the state besides the settings: these packages' sources (and cluster's model).
_SHAPING = ("cluster", "text", "embed", "extract", "records.py", "config.py")


def open_stream(
    store: Store,
    settings: Settings,
    embedder: Embedder,
    marker: dict[str, Any] | None,
    exclude: set[str],
) -> StreamState:
    """The stream state of a new Pipeline: the snapshot caught up, else loaded from the store
    (and then snapshotted when that was long)."""
    stream = read_snapshot(store, settings, embedder)
    if stream is not None and catch_up(stream, store, marker, exclude):
        return stream
    stream = load_stream(store, settings, embedder, marker, exclude)
    if stream.learned >= MIN_ARTICLES:
        write_snapshot(store, stream, settings)
    return stream


def maybe_snapshot(store: Store, stream: StreamState, settings: Settings) -> bool:
    """Write the snapshot when the state learned enough since the last (see the module)."""
    if stream.learned < max(MIN_ARTICLES, EVERY_SHARE * (store.next_seq() - 1)):
        return False
    advance(stream, store)  # this Pipeline's own articles are not read again from it
    return write_snapshot(store, stream, settings)


def write_snapshot(store: Store, stream: StreamState, settings: Settings) -> bool:
    """Save the state beside the store and record it; False where there is no file for it or
    it cannot be written (the state is then loaded from the store, as without one)."""
    path = store.sidecar_path(SNAPSHOT_SUFFIX)
    if path is None or store.read_only:
        return False
    for left in path.parent.glob(f"{path.name}.*.tmp"):  # by a writer killed while writing
        with contextlib.suppress(OSError):  # (a writer still writing then fails to rename)
            left.unlink()
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("wb") as handle:
            digest, size = _dump(handle, stream)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False
    record = {
        "format": FORMAT,
        "key": state_key(settings),
        "sha256": digest,
        "bytes": size,
        "n": _generation_n(stream.generation),
        "seq": stream.seq,
    }
    store.put_state(SNAPSHOT_STATE, record)
    stream.learned = 0
    return True


def read_snapshot(store: Store, settings: Settings, embedder: Embedder) -> StreamState | None:
    """The state in the store's snapshot, if there is one and it is what the store records
    (None otherwise: never a partial or foreign state)."""
    path = store.sidecar_path(SNAPSHOT_SUFFIX)
    record = store.get_state(SNAPSHOT_STATE)
    if path is None or record is None or record.get("format") != FORMAT:
        return None
    if record.get("key") != state_key(settings):
        return None
    try:
        if path.stat().st_size != record.get("bytes") or _sha256(path) != record.get("sha256"):
            return None
        with path.open("rb") as handle:
            loaded = _Unpickler(handle, embedder).load()
        return _checked(loaded, record)
    except Exception:  # a corrupt file can fail in any way: load from the store instead
        return None


def _checked(loaded: Any, record: dict[str, Any]) -> StreamState | None:
    duplicates, clusterer, generation, seq, missing = loaded
    if not isinstance(duplicates, DuplicateIndex) or not isinstance(clusterer, StoryClusterer):
        return None
    if generation is not None and not isinstance(generation, dict):
        return None
    if _generation_n(generation) != record.get("n") or seq != record.get("seq"):
        return None
    return StreamState(duplicates, clusterer, generation, int(seq), set(missing))


def _generation_n(generation: dict[str, Any] | None) -> int:
    return int((generation or {}).get("n", 0))


@cache
def _code_key() -> str:
    """A digest of the code and libraries whose objects the state holds."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]  # the storyline package
    for name in _SHAPING:
        for path in sorted((root / name).rglob("*")) if (root / name).is_dir() else [root / name]:
            if path.suffix in (".py", ".json"):
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    versions = [sys.version, np.__version__, metadata.version("datasketch")]
    digest.update("\0".join(versions).encode())
    return digest.hexdigest()


def state_key(settings: Settings) -> str:
    """The key a snapshot must carry to be loaded with these settings and this code."""
    shaping = (FORMAT, settings.cluster, settings.dedup, settings.embed, _code_key())
    return hashlib.sha256(repr(shaping).encode()).hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingWriter(io.RawIOBase):
    """A file that hashes and counts what is written through it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data)
        self.digest.update(view)
        self.size += view.nbytes
        return self._handle.write(view)


def _dump(handle: IO[bytes], stream: StreamState) -> tuple[str, int]:
    writer = _HashingWriter(handle)
    buffered = io.BufferedWriter(writer, _CHUNK)
    embedder = stream.clusterer.embedder
    pickler = _Pickler(buffered, embedder)
    state = (stream.duplicates, stream.clusterer, stream.generation, stream.seq)
    pickler.dump((*state, sorted(stream.missing)))
    buffered.flush()
    return writer.digest.hexdigest(), writer.size


class _Pickler(pickle.Pickler):
    """Pickles the state; the embedder (a model: loaded, not saved) by reference."""

    def __init__(self, handle: IO[bytes], embedder: Embedder | None) -> None:
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._embedder = embedder

    def persistent_id(self, obj: Any) -> str | None:
        return "embedder" if self._embedder is not None and obj is self._embedder else None


# The classes and functions a stream state's pickle names (numpy's arrays, datasketch's
# sketches, Storyline's own records); anything else in a file is refused.
_ALLOWED = {
    "builtins": {"set", "frozenset", "dict", "list", "tuple", "bytearray", "complex"},
    "collections": {"defaultdict", "deque", "OrderedDict"},
    "copyreg": {"_reconstructor"},
    "datetime": {"datetime", "date", "timedelta", "timezone"},
    "numpy": {"ndarray", "dtype"},
    "numpy.core.multiarray": {"_reconstruct", "scalar"},
    "numpy._core.multiarray": {"_reconstruct", "scalar"},
    "numpy.core.numeric": {"_frombuffer"},
    "numpy._core.numeric": {"_frombuffer"},
    "datasketch.lsh": {"MinHashLSH"},
    "datasketch.minhash": {"MinHash"},
    "datasketch.storage": {"DictListStorage", "DictSetStorage"},
    "storyline.text.dedup": {"_identity"},
}
# Storyline's modules whose classes (data only: no I/O when made) a state holds.
_ALLOWED_MODULES = (
    "storyline.cluster.",
    "storyline.text.",
    "storyline.config",
    "storyline.records",
)
# MinHashLSH keeps one of its own methods (a bound method is pickled as getattr(obj, name)).
_BOUND_METHODS = {"_byteswap", "_hashed_byteswap"}


def _bound_method(obj: Any, name: str) -> Any:
    from datasketch import MinHashLSH

    if isinstance(obj, MinHashLSH) and name in _BOUND_METHODS:
        return getattr(obj, name)
    raise pickle.UnpicklingError(f"a stream snapshot does not hold {type(obj).__name__}.{name}")


class _Unpickler(pickle.Unpickler):
    """Makes only the objects a stream state holds: the classes of the Storyline modules in
    :data:`_ALLOWED_MODULES` and what :data:`_ALLOWED` lists."""

    def __init__(self, handle: IO[bytes], embedder: Embedder) -> None:
        super().__init__(handle)
        self._embedder = embedder

    def persistent_load(self, pid: Any) -> Any:
        if pid == "embedder":
            return self._embedder
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _bound_method
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        if module.startswith(_ALLOWED_MODULES):
            found = super().find_class(module, name)
            if isinstance(found, type):  # classes only: no function is called
                return found
        raise pickle.UnpicklingError(f"a stream snapshot does not hold {module}.{name}")
