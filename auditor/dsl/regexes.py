"""Bounds on the regular expressions of YAML rules: their size before compiling, their time while matching."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import regex

from auditor import rx
from auditor.errors import TimeLimitError

T = TypeVar("T")

# --- size: checked before compiling ---------------------------------------------------------------------------
# The regex module compiles a counted repetition by copying its body min-count times: ((a{1000}){1000}){1000}
# would take 3.9 GB. A pattern is refused when it is longer than MAX_PATTERN_CHARS, when its elements counted
# with those copies exceed MAX_EXPANSION, or when it nests deeper than MAX_NESTING.
MAX_PATTERN_CHARS = 2000
MAX_EXPANSION = 100_000
MAX_NESTING = 120          # levels of the parsed pattern (a group is two): far beyond any real rule
_VERBOSE = rx.compile(r"\(\?[^:)]*x")           # (?x) and friends: counts may then be split by spaces or comments
_COUNT = rx.compile(r"[0-9]+")


def pattern_problem(pattern: str) -> str | None:
    """Why this pattern must not be compiled (too long, too large once repetitions are expanded, nested too
    deeply), or None. A pattern that does not parse is left to ``regex.compile`` to explain."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"longer than {MAX_PATTERN_CHARS} characters"
    if _quick_bound_ok(pattern):
        return None
    try:
        expansion, nesting = _measure(pattern)
    except regex.error:
        return None
    except RecursionError:
        return "nested too deeply"
    except Exception as exc:  # noqa: BLE001 - the regex module's parser changed: refuse rather than risk it
        return f"too complex to check its size ({type(exc).__name__}); use fewer counted repetitions"
    if nesting > MAX_NESTING:
        return "nested too deeply"
    if expansion > MAX_EXPANSION:
        return (f"its counted repetitions expand to more than {MAX_EXPANSION:,} elements (a{{1000}} inside "
                "(…){1000} is a million); use smaller counts, + or *")
    return None


def _quick_bound_ok(pattern: str) -> bool:
    """A bound that needs no parsing: every element copied by every count written anywhere in the pattern."""
    if _VERBOSE.search(pattern) or pattern.count("(") > MAX_NESTING // 4:
        return False
    bound = len(pattern)
    for m in _COUNT.finditer(pattern):
        bound *= max(1, int(m.group()))
        if bound > MAX_EXPANSION:
            return False
    return True


def _measure(pattern: str) -> tuple[int, int]:
    """Elements of the parsed pattern, each counted once per copy the compiler makes, and the parse depth."""
    core: Any = importlib.import_module("regex._regex_core")   # the module's own parser: exact, builds no code

    flags = 0
    for _attempt in range(3):
        source = core.Source(pattern)
        info = core.Info(flags, source.char_type, {})
        source.ignore_space = bool(info.flags & regex.VERBOSE)
        try:
            parsed = core._parse_pattern(source, info)
            break
        except core._UnscopedFlagSet:
            flags = info.global_flags
    else:
        raise ValueError("flags could not be settled")
    total, deepest = 0, 0
    stack: list[tuple[Any, int, int]] = [(parsed, 1, 1)]
    while stack:
        node, copies, depth = stack.pop()
        total += copies
        deepest = max(deepest, depth)
        if total > MAX_EXPANSION or deepest > MAX_NESTING:
            break
        if isinstance(node, core.GreedyRepeat):        # lazy and possessive repeats are subclasses
            copies *= max(1, int(node.min_count))
        for value in vars(node).values():
            items = value if isinstance(value, (list, tuple)) else (value,)
            stack.extend((v, copies, depth + 1) for v in items if isinstance(v, core.RegexBase))
    return total, deepest


# --- time: budgets per report --------------------------------------------------------------------------------
# Measured in CPU seconds, as the regex module counts its timeouts. One search may take SEARCH_SECONDS; one
# rule may spend RULE_SECONDS on one report (then it stops, with a rule error on stderr, keeping the findings it
# made); all rules together may spend REPORT_SECONDS on one report (then the report fails with "time limit").
# Real rules spend milliseconds; the report budget leaves a whole lint within 10 s on one busy core.
SEARCH_SECONDS = 0.25
RULE_SECONDS = 1.0
REPORT_SECONDS = 3.0


class RuleStopped(Exception):
    """One rule ran out of regex time on one report; str(e) says why."""


class RegexClock:
    """The regex time spent on one report: by each rule and in all."""

    def __init__(self) -> None:
        self.total = 0.0
        self.spent: dict[str, float] = {}
        self.stopped: list[str] = []

    def timer(self, code: str) -> RuleTimer:
        return RuleTimer(self, code)

    def report_limit(self) -> NoReturn:
        names = ", ".join(self.stopped)
        raise TimeLimitError(f"time limit: the rules' regular expressions used more than {REPORT_SECONDS:g} s on "
                             "this report, so it was not checked" + (f" (rules stopped: {names})" if names else ""))


class RuleTimer:
    """Runs one rule's searches on one report within its share of the budgets."""

    def __init__(self, clock: RegexClock, code: str) -> None:
        self.clock = clock
        self.code = code

    def __call__(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args, timeout=…)`` with the time left; the time it takes is charged to the rule and the report."""
        clock = self.clock
        report_left = REPORT_SECONDS - clock.total
        rule_left = RULE_SECONDS - clock.spent.get(self.code, 0.0)
        if report_left <= 0:
            clock.report_limit()
        if rule_left <= 0:
            self._stop(f"its regular expressions used more than {RULE_SECONDS:g} s on this report")
        allowed = min(SEARCH_SECONDS, rule_left, report_left)
        start = time.process_time()
        try:
            return fn(*args, timeout=allowed)
        except TimeoutError:
            if allowed == report_left:
                clock.report_limit()
            if allowed == rule_left:
                self._stop(f"its regular expressions used more than {RULE_SECONDS:g} s on this report")
            self._stop(f"a regular expression took more than {SEARCH_SECONDS:g} s on one search")
        finally:
            self._charge(start)

    def _charge(self, start: float) -> None:
        used = time.process_time() - start
        self.clock.total += used
        self.clock.spent[self.code] = self.clock.spent.get(self.code, 0.0) + used

    def _stop(self, why: str) -> NoReturn:
        if self.code not in self.clock.stopped:
            self.clock.stopped.append(self.code)
        raise RuleStopped(why)
