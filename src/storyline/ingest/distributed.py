"""Parsing large archives on a Dask cluster (the ``dask`` extra: ``pip install
'storyline[dask]'``).

The costly part of reading a crawl is turning pages into text: each HTML page of a WARC
archive goes through trafilatura and htmldate. :meth:`storyline.Pipeline.ingest` takes any
:class:`concurrent.futures.Executor` for that stage; this module makes one on Dask
(``distributed``), an existing engine that runs from one laptop to many machines::

    with dask_executor(workers=4) as executor:                 # 4 local worker processes
        Pipeline(store).ingest(["crawl/"], executor=executor)

    with dask_executor(scheduler="tcp://10.0.0.5:8786") as executor:   # a running cluster
        ...

The ingesting process reads each input's bytes and sends them to a worker, so the workers
need no shared file system, only Storyline installed. They send back the parsed articles;
the ingesting process stores them in input order, then cleans, deduplicates and clusters
them online, one after the other, as without workers (the clustering is sequential by
design: a story's id and its merges depend on what came before). ``storyline ingest
--workers N`` and ``--scheduler ADDRESS`` are these two calls.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

from storyline.errors import ConfigError, MissingExtraError

__all__ = ["CONNECT_TIMEOUT_S", "dask_executor"]

#: How long to wait for a scheduler (or a local cluster's workers) before giving up.
CONNECT_TIMEOUT_S = 30


@contextmanager
def dask_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor on a Dask cluster: the one at ``scheduler`` (``tcp://host:8786``), or a
    local one of ``workers`` processes (one thread each; default: one per core), shut down
    when the block ends. ConfigError when neither can be had."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingExtraError("parsing on a Dask cluster", "dask") from None
    if workers is not None and workers < 1:
        raise ConfigError(f"workers must be >= 1, got {workers}")
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as e:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
        with client:
            yield client.get_executor(pure=False)
        return
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster, timeout=CONNECT_TIMEOUT_S) as client:
        yield client.get_executor(pure=False)
