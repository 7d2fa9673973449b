"""What the CLI tests share: running the command in-process, and a folder of bad inputs."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.cli import app

GOOD_TEXT = (
    "Harbour cranes stand idle as dockers strike\n\n"
    "Dock workers at the port of Brevanne walked out on Monday over pay and shift rules, "
    "leaving dozens of container ships waiting offshore, union leaders said.\n"
)


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def warc_bytes(n_records: int) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i in range(n_records):
        body = (
            f"<html><head><title>Ferry {i} resumes service</title></head><body><article>"
            f"<h1>Ferry {i} resumes service</h1><p>The ferry line number {i} between the two "
            "islands resumed service on Tuesday after a week of storms had kept every boat in "
            "harbour, the operator said in a statement.</p><p>Passengers queued from dawn, and "
            "the operator added two extra crossings for the rest of the week.</p>"
            "</article></body></html>"
        ).encode()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://ferry.example/{i}", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


def make_bad_folder(folder: Path) -> dict[str, str]:
    """A folder of good and bad inputs; returns {file name: what is wrong with it}."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(
        (
            "Le café du port rouvre\n\n" + "Le café historique du port a rouvert ses portes "
            "samedi après deux ans de travaux, a annoncé la mairie.\n"
        ).encode("latin-1")
    )
    bad = {
        "binary.bin": "binary",
        "empty.txt": "empty",
        "broken-utf8.txt": "UTF-8",
        "malformed.html": "HTML",
        "truncated.txt.gz": "gzip",
        "truncated.warc.gz": "WARC",
        "broken.jsonl": "JSON",
        "feed.xml": "feed",
    }
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken-utf8.txt").write_bytes(
        "Überschrift für die Zeitung\n\nDer Stadtrat hat am Montag".encode()
        + b"\xff\xfe "
        + "die neue Brücke über den Fluss genehmigt, sagte die Bürgermeisterin.".encode()
    )
    (folder / "malformed.html").write_text("<html><body><div><p><<<>>></div></span></body>")
    (folder / "truncated.txt.gz").write_bytes(gzip.compress(GOOD_TEXT.encode() * 20)[:60])
    warc = warc_bytes(3)
    (folder / "truncated.warc.gz").write_bytes(warc[:-50])  # inside the last record
    good_line = {
        "id": "j1",
        "title": "Bridge vote passes",
        "published": "2024-05-02",
        "text": "The city council approved the new bridge over the river on "
        "Thursday after a two-year debate, the mayor said.",
    }
    (folder / "broken.jsonl").write_text(json.dumps(good_line) + '\n{"id": "j2", "title"\n')
    (folder / "feed.xml").write_text("this is not XML at all, just words pretending to be a feed")
    return bad
