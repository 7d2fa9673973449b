"""The malloc tuning of the analysis workers: applied on glibc, harmless elsewhere."""

from __future__ import annotations

import multiprocessing
import platform

import pytest

from storyline.extract._malloc import keep_freed_memory


def _tuned_in_child() -> bool:
    return keep_freed_memory()


def test_keep_freed_memory_applies_on_glibc_only() -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork: the tuning is tried in a child, not in the test process")
    with multiprocessing.get_context("fork").Pool(1) as pool:
        tuned = pool.apply(_tuned_in_child)
    assert tuned is (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc")
