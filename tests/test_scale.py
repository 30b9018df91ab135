"""Time and memory of the lexer, the builders and the rules grow linearly (or n·log n) with the input."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from auditor.parse import parse_lines


def _seconds(run: Callable[[], object]) -> float:
    """The least CPU time of three runs (the least is the one a busy machine disturbed least)."""
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        run()
        best = min(best, time.process_time() - t)
    return max(best, 1e-4)


def _growth(make: Callable[[int], str], run: Callable[[str], object], n: int) -> float:
    """CPU time on an input four times as large divided by the time at ``n``: about 4 when linear."""
    small, large = make(n), make(4 * n)
    run(small)   # warm the caches (compiled grammar, lexicon)
    return _seconds(lambda: run(large)) / _seconds(lambda: run(small))


@pytest.mark.heavy
@pytest.mark.parametrize("make", [
    lambda n: "1 " * (n // 2),                                    # digits separated by single spaces
    lambda n: "1O" * (n // 2),                                    # … by the letter O
    lambda n: "1l" * (n // 2),
    lambda n: " ".join(str(10000 + 7 * i % 90000) for i in range(n // 6)) + "\n",   # a row of numbers
], ids=["spaces", "letter-O", "letter-l", "numbers-row"])
def test_the_lexer_is_linear_on_runs_of_spaced_digits(make: Callable[[int], str]) -> None:
    # before the fix the garbled-number terminal scanned the rest of the run from every digit: ratio ≈ 16
    assert _growth(make, parse_lines, 4000) < 6


def test_a_garbled_number_keeps_up_to_four_inner_separators() -> None:
    items = [t.text for ln in parse_lines("支出1 234 567 890.12万元，占12 3%，1O0O0元\n") for t in ln.items]
    assert items == ["1 234 567 890.12万元", "12 3%", "1O0O0元"]
