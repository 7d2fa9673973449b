"""The follower's HTTP client (storyline.follow.http) against a loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace

import pytest
from _feed_server import FeedServer, Route, loopback_transport

from storyline.config import FollowConfig
from storyline.follow import Fetcher

DELAY_S = 2.0


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def test_many_hosts_are_fetched_at_once(server: FeedServer) -> None:
    """Thirty hosts answering in 2 s each are all asked before the first answers: the
    connection pool does not queue them (httpcore's default of 10 connections did)."""
    hosts = [f"outlet-{n}.test" for n in range(30)]
    for host in hosts:
        server.routes[(host, "/feed.xml")] = Route(b"<rss/>", delay_s=DELAY_S)
    fetcher = Fetcher(
        replace(FollowConfig(), concurrency=30), transport_for=loopback_transport(server.port)
    )

    async def fetch_all() -> list[int]:
        try:
            answers = await asyncio.gather(
                *(fetcher.fetch(f"http://{host}/feed.xml") for host in hosts)
            )
            return [a.status for a in answers]
        finally:
            await fetcher.aclose()

    assert asyncio.run(fetch_all()) == [200] * 30
    arrivals = sorted(hit.at for hit in server.hits)
    assert len(arrivals) == 30
    assert arrivals[-1] - arrivals[0] < DELAY_S  # the last came before the first was answered
