"""The time limit: a timer that still stops the work when its first interrupt is swallowed."""

import time

import pytest

from quotetrack.limits import TimeLimitExceeded, time_limit


def test_a_block_that_runs_over_is_interrupted():
    with pytest.raises(TimeLimitExceeded, match="took longer than 1 s"):
        with time_limit(1):
            time.sleep(3)


def wait_swallowing(seconds: float, swallow: int, swallowed: list[int]) -> None:
    """Wait `seconds`, catching the first `swallow` interrupts as a destructor would (each
    counted in `swallowed`) and letting later ones through."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            time.sleep(0.05)
        except TimeLimitExceeded:
            if len(swallowed) >= swallow:
                raise
            swallowed.append(1)


def test_a_swallowed_interrupt_fires_again():
    """An exception raised inside a destructor is only printed: the next tick still lands."""
    swallowed: list[int] = []
    with pytest.raises(TimeLimitExceeded):
        with time_limit(1):
            wait_swallowing(3, 1, swallowed)
    assert swallowed == [1]


def test_a_block_that_finishes_after_swallowing_every_interrupt_is_refused():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(1):
            wait_swallowing(1.5, 1000, [])


def test_a_block_within_its_time_is_left_alone():
    with time_limit(5):
        value = sum(range(1000))
    assert value == 499500
