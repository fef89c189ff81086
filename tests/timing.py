"""The CPU-time helper of the tests that check how work grows with its input (test_growth, test_places,
test_sentences): growth ratios, never absolute speeds (those live in `python -m mapapp bench`)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_cpu_seconds(work: Callable[[], object], runs: int = 5) -> float:
    """The least CPU time of `runs` calls of `work`, the cyclic garbage collector held off: the machine is
    shared (wall-clock time varies with other work, this process's CPU time much less) and a collection's cost
    depends on everything alive, not on the work timed."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best
