"""Ingest: files -> :class:`RawInput` -> :class:`Article` records (and :class:`Rejection` records).

I/O at the edges, a pure core:

* :func:`discover` finds the inputs (files, folders recursively, ``-`` for stdin, and
  :class:`RawInput` records already in memory, such as a server's uploads);
* :func:`load` reads one input's bytes into a :class:`RawInput` (format sniffed);
* :func:`read_sidecar` reads the ``NAME.meta.json`` beside a file (:func:`merged_metadata`
  with the metadata given for it; :func:`load_metadata_manifest` reads such metadata);
* :func:`parse` turns a :class:`RawInput` (plus sidecar) into articles and rejections. It reads
  no file and never raises for bad content: every problem is a :class:`Rejection` with a reason.

>>> raw = RawInput.from_bytes("a.txt", b"A headline\\n\\n" + b"Some text. " * 10, "text")
>>> [a.title for a in parse(raw, None, IngestConfig()).articles]
['A headline']
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.common import SIDECAR_KEYS, ParseResult
from storyline.ingest.feeds import parse_feed
from storyline.ingest.html import ExtractedPage, extract_html, parse_html
from storyline.ingest.jsonl import parse_jsonl
from storyline.ingest.sniff import FORMATS, SNIFF_BYTES, gunzip, is_gzip, sniff
from storyline.ingest.text import parse_text, pick_title
from storyline.ingest.warc import parse_warc
from storyline.records import RawInput, Rejection

__all__ = [
    "STDIN",
    "STDIN_PATH",
    "Discovered",
    "ExtractedPage",
    "ParseResult",
    "Source",
    "discover",
    "extract_html",
    "load",
    "load_metadata_manifest",
    "merged_metadata",
    "parse",
    "pick_title",
    "read_sidecar",
    "sidecar_path",
    "sniff",
    "source_label",
]

LOG = logging.getLogger(__name__)

STDIN = "-"
STDIN_PATH = "<stdin>"
SIDECAR_SUFFIX = ".meta.json"

_Parser = Callable[[RawInput, bytes, dict[str, Any] | None, IngestConfig], ParseResult]
_PARSERS: dict[str, _Parser] = {
    "text": parse_text,
    "html": parse_html,
    "feed": parse_feed,
    "jsonl": parse_jsonl,
    "warc": parse_warc,
}


#: One input: a file path, ``"-"`` (stdin), or bytes already read (kept under their ``path``,
#: e.g. the name a file was uploaded with, never a temporary file's).
Source = Path | str | RawInput


def source_label(source: Source) -> str:
    """How an input is named in rejections and in the store: its path as given."""
    return source.path if isinstance(source, RawInput) else str(source)


class Discovered(NamedTuple):
    """The inputs :func:`discover` found, and a rejection for each path that does not exist."""

    inputs: list[Source]
    rejections: list[Rejection]


# --- discover --------------------------------------------------------------------------------


def discover(paths: Sequence[Source]) -> Discovered:
    """The input files under ``paths``, in a deterministic order, and the paths that failed.

    Paths are taken in the order given; a folder is walked recursively with names sorted.
    ``"-"`` stands for stdin and is returned as the string ``"-"``. Inside folders, hidden files
    and folders (name starting with ``.``) are skipped; sidecars (``*.meta.json``) are always
    skipped, being read with their file. A file reached twice is listed once. A path that does
    not exist gives ``Rejection(path, "no such file or directory")``, so the caller can report
    it; so does a folder that cannot be read, or a path that is not a regular file.
    A :class:`RawInput` is an input as it is.
    """
    inputs: list[Source] = []
    rejections: list[Rejection] = []
    seen: set[str] = set()

    def add(item: Path | str) -> None:
        key = item if isinstance(item, str) else os.path.realpath(item)
        if key not in seen:
            seen.add(key)
            inputs.append(item)

    for given in paths:
        if isinstance(given, RawInput):
            inputs.append(given)
            continue
        if str(given) == STDIN:
            add(STDIN)
            continue
        path = Path(given)
        if path.is_dir():
            for found in _walk(path, rejections, set()):
                add(found)
        elif path.is_file():
            if not path.name.endswith(SIDECAR_SUFFIX):
                add(path)
        elif path.exists():
            rejections.append(Rejection(str(path), "not a regular file"))
        else:
            rejections.append(Rejection(str(path), "no such file or directory"))
    return Discovered(inputs, rejections)


def _walk(folder: Path, rejections: list[Rejection], visited: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in visited:  # a symlink loop
        return
    visited.add(real)
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as exc:
        rejections.append(Rejection(str(folder), f"cannot read folder: {exc.strerror or exc}"))
        return
    for name in names:
        if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
            continue
        path = folder / name
        if path.is_dir():
            yield from _walk(path, rejections, visited)
        elif path.is_file():
            yield path
        else:
            rejections.append(Rejection(str(path), "not a regular file"))


# --- load ------------------------------------------------------------------------------------


def load(
    path: Source, config: IngestConfig | None = None, stdin: BinaryIO | None = None
) -> RawInput:
    """Read one input's bytes (``"-"``: ``stdin``, else ``sys.stdin.buffer``) and sniff its format.

    Stdin is recorded with the path ``"<stdin>"``. Raises ``InputError`` when the input cannot
    be read or is larger than ``config.max_file_bytes`` (``max_warc_bytes`` for a WARC).
    Content problems are not raised here: :func:`parse` reports them. A :class:`RawInput` is
    checked against the same limits and sniffed when its ``media_type`` is not a format.
    """
    config = config or IngestConfig()
    if isinstance(path, RawInput):
        limit, is_warc = _limit(path.content[:SNIFF_BYTES], path.path, config)
        if len(path.content) > limit:
            raise _too_large(len(path.content), limit, is_warc, path.path)
        if path.media_type in FORMATS:
            return path
        return RawInput(path.sha256, path.path, path.content, sniff(path.content, path.path))
    if str(path) == STDIN:
        content = _read_limited(stdin or sys.stdin.buffer, None, STDIN_PATH, config)
        return RawInput.from_bytes(STDIN_PATH, content, sniff(content))
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            content = _read_limited(handle, size, name, config)
    except IsADirectoryError:
        raise InputError("is a folder, not a file", name) from None
    except FileNotFoundError:
        raise InputError("no such file or directory", name) from None
    except PermissionError:
        raise InputError("cannot read: permission denied", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    return RawInput.from_bytes(name, content, sniff(content, name))


def _read_limited(stream: BinaryIO, size: int | None, name: str, config: IngestConfig) -> bytes:
    """All of ``stream``, or ``InputError`` if it is over the limit for its format."""
    head = _read_up_to(stream, SNIFF_BYTES)
    limit, is_warc = _limit(head, name, config)
    if size is not None and size > limit:
        raise _too_large(size, limit, is_warc, name)
    content = head + _read_up_to(stream, limit + 1 - len(head))
    if len(content) > limit:
        raise _too_large(None, limit, is_warc, name)
    return content


def _limit(head: bytes, name: str, config: IngestConfig) -> tuple[int, bool]:
    """The size limit of an input starting with ``head``, and whether it is a WARC."""
    is_warc = sniff(head, name) == "warc"
    return (config.max_warc_bytes if is_warc else config.max_file_bytes), is_warc


def _read_up_to(stream: BinaryIO, n: int) -> bytes:
    chunks: list[bytes] = []
    remaining = n
    while remaining > 0:
        chunk = stream.read(min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _too_large(size: int | None, limit: int, is_warc: bool, name: str) -> InputError:
    setting, option = ("warc", "WARC archive") if is_warc else ("file", "file")
    actual = _megabytes(size) if size is not None else "larger"
    needed = _megabytes(size if size is not None else 2 * limit, up=True).replace(" ", "")
    return InputError(
        f"too large: {actual}, the limit is {_megabytes(limit)} for a {option}; raise it to "
        f"ingest this input: storyline ingest --max-{setting}-size {needed} (in Python: "
        f"IngestConfig.max_{setting}_bytes)",
        name,
    )


def _megabytes(n: int, up: bool = False) -> str:
    """``52.4 MB`` (``up``: a whole number of MB or kB at least ``n``, e.g. ``53 MB``)."""
    unit, name = (1_000_000, "MB") if n >= 1_000_000 else (1000, "kB")
    if up:
        return f"{-(-n // unit)} {name}"
    return f"{n / unit:,.1f} {name}"


# --- sidecar ---------------------------------------------------------------------------------


def sidecar_path(path: Path | str) -> Path:
    """Where the sidecar of ``path`` is: ``NAME.meta.json`` beside ``NAME``."""
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path | str) -> dict[str, Any] | None:
    """The sidecar of ``path`` (a JSON object), or None when there is none (or for stdin).

    Known keys: ``published, source, url, title, language`` (strings or null). A sidecar that
    cannot be read, is not a JSON object, or has a known key with a non-string value raises
    ``InputError`` naming the sidecar. Unknown keys are kept; :func:`parse` warns about them.
    """
    if str(path) == STDIN:
        return None
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return None
    try:
        data = json.loads(sidecar.read_bytes())
    except OSError as exc:
        raise InputError(
            f"cannot read sidecar {sidecar}: {exc.strerror or exc}", str(path)
        ) from None
    except ValueError as exc:
        raise InputError(f"malformed sidecar {sidecar}: {exc}", str(path)) from None
    if not isinstance(data, dict):
        raise InputError(f"malformed sidecar {sidecar}: not a JSON object", str(path))
    for key in SIDECAR_KEYS:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(f"malformed sidecar {sidecar}: {key!r} must be a string", str(path))
    return data


def merged_metadata(
    source: Source, metadata: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any] | None:
    """The sidecar beside a file, overridden by the explicit metadata given for that file
    (by its path as given or its name): what :func:`parse` is given for it. A
    :class:`RawInput` has the metadata given for its ``path``."""
    sidecar: dict[str, Any] = {}
    if isinstance(source, RawInput):
        sidecar.update(metadata.get(source.path, {}))
    elif isinstance(source, Path):
        sidecar.update(read_sidecar(source) or {})
        for key in (str(source), source.name):
            if key in metadata:
                sidecar.update(metadata[key])
    return sidecar or None


def load_metadata_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Read a metadata manifest: a JSON object ``{file name: {published, source, ...}}``, for
    inputs whose folder cannot hold ``NAME.meta.json`` sidecars."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read metadata manifest: {exc}", str(path)) from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(
            'a metadata manifest must be a JSON object {"file name": {"published": ...}}',
            str(path),
        )
    return {str(k): dict(v) for k, v in data.items()}


# --- parse -----------------------------------------------------------------------------------


def parse(
    raw: RawInput, sidecar: dict[str, Any] | None = None, config: IngestConfig | None = None
) -> ParseResult:
    """The articles in ``raw`` and the rejections of what could not be used. Pure; never raises.

    The format is ``raw.media_type`` when it is one of ``text, html, feed, jsonl, warc``, else
    sniffed. gzip is decompressed first (WARC excepted: its reader decompresses record by
    record). Sidecar values override what the input says.
    """
    config = config or IngestConfig()
    fmt = raw.media_type if raw.media_type in FORMATS else sniff(raw.content, raw.path)
    try:
        content = raw.content
        if fmt != "warc" and is_gzip(content):
            content = gunzip(content, config.max_file_bytes)
        return _PARSERS[fmt](raw, content, sidecar, config)
    except InputError as exc:
        return ParseResult(rejections=[Rejection(raw.path, exc.reason)])
    except Exception as exc:  # a bug in a parser must not lose the run; it becomes data
        LOG.exception("parser error on %s", raw.path)
        reason = f"parser error ({type(exc).__name__}: {exc}); please report it"
        return ParseResult(rejections=[Rejection(raw.path, reason)])
