"""Time and memory of the lexer, the builders and the rules grow linearly (or n·log n) with the input."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable

import pytest

from auditor.parse import parse_lines


def _seconds(run: Callable[[], object]) -> float:
    """The least CPU time of two runs (the least is the one a busy machine disturbed least), without the
    garbage collector, whose passes land at random in one run or another."""
    best = float("inf")
    for _ in range(2):
        gc.collect()
        gc.disable()
        try:
            t = time.process_time()
            run()
            best = min(best, time.process_time() - t)
        finally:
            gc.enable()
    return max(best, 1e-4)


def _growth(make: Callable[[int], str], run: Callable[[str], object], n: int) -> float:
    """The exponent k of time ∝ size^k between an input of size ``n // 2`` and one eight times as large: 1 when
    linear, about 1.1 for n·log n, 2 when quadratic. Eight times (not four) keeps a linear run well below the 1.5 the
    tests assert under a busy machine's noise: the large run slowed by half still gives 1.19, where with four times
    a ratio of 6 against the linear 4 failed a clean-clone CI run."""
    small, large = make(n // 2), make(4 * n)
    run(small)   # warm the caches (compiled grammar, lexicon)
    return math.log(_seconds(lambda: run(large)) / _seconds(lambda: run(small))) / math.log(8)


def test_the_growth_measure_tells_a_quadratic_run_from_a_linear_one() -> None:
    def quadratic(text: str) -> int:
        return sum(1 for _ in text for _ in text)

    def linear(text: str) -> int:
        return sum(1 for _ in text for _ in range(3000))

    # the threshold the tests below assert (1.5) tells them apart
    assert _growth(lambda n: "x" * n, quadratic, 400) > 1.5
    assert _growth(lambda n: "x" * n, linear, 400) < 1.5


@pytest.mark.heavy
@pytest.mark.parametrize("make", [
    lambda n: "1 " * (n // 2),                                    # digits separated by single spaces
    lambda n: "1O" * (n // 2),                                    # … by the letter O
    lambda n: "1l" * (n // 2),
    lambda n: " ".join(str(10000 + 7 * i % 90000) for i in range(n // 6)) + "\n",   # a row of numbers
], ids=["spaces", "letter-O", "letter-l", "numbers-row"])
def test_the_lexer_is_linear_on_runs_of_spaced_digits(make: Callable[[int], str]) -> None:
    # before the fix the garbled-number terminal scanned the rest of the run from every digit: exponent 2
    assert _growth(make, parse_lines, 6000) < 1.5


def test_a_garbled_number_keeps_up_to_four_inner_separators() -> None:
    items = [t.text for ln in parse_lines("支出1 234 567 890.12万元，占12 3%，1O0O0元\n") for t in ln.items]
    assert items == ["1 234 567 890.12万元", "12 3%", "1O0O0元"]


# ---- item 10: every builder step and rule is linear or n·log n ----

def _lint(text: str) -> object:
    from auditor.build import build_report
    from auditor.engine import run_rules
    from auditor.rules import default_registry
    registry = default_registry()
    return run_rules(build_report("x.txt", text, registry.lexicon), registry)


def _r(i: int, lo: int, hi: int) -> int:
    """A deterministic spread of figures (no random module: the same text on every run)."""
    return lo + (i * 7919) % (hi - lo + 1)


def _basic(n: int) -> str:
    return "基本支出1万元\n" * n


def _breakdown_lines(n: int) -> str:
    return "".join(f"2024年基本支出{_r(i, 100, 999)}.00万元，其中人员经费{_r(i, 10, 99)}.00万元，"
                   f"公用经费{_r(i + 1, 10, 99)}.00万元，占{_r(i, 1, 99)}%。\n" for i in range(n))


def _one_sentence(n: int) -> str:   # one paragraph, one sentence: every figure in the same sentence
    return "".join(f"支出合计{_r(i, 100, 999)}万元，基本支出{_r(i, 1, 99)}万元，占比{_r(i, 1, 99)}%，"
                   f"较上年增加{_r(i, 1, 9)}万元，增长{_r(i, 1, 9)}%，任务书{_r(i, 100, 999)}人，"
                   f"实际完成{_r(i, 100, 999)}人，完成率{_r(i, 1, 99)}%，其中一项，主要用于办公，" for i in range(n)) + "\n"


@pytest.mark.heavy
def test_a_line_of_digits_beside_a_numbered_line_is_read_in_linear_time() -> None:
    # the cells of a PDF table on lines of their own (\t128,580\t) are told by a pattern that splits a run of digits
    # one way only: a run of digits ending in a letter once took time exponential in its length
    from auditor.build import build_report
    assert _growth(lambda n: "说明。\n一、收入\n\n" + "1" * n + "x\n\n二、支出\n说明。\n", lambda t: build_report("t", t),
                   40) < 1.5


def _text_tables(n: int) -> str:
    labels = ("基本支出", "人员经费", "公用经费", "项目支出")
    return "".join(f"2024年基本支出{_r(i, 100, 999)}.00万元。\n单位：万元\n项目\t决算数\t预算数\n"
                   + "".join(f"{lab}\t{_r(i + k, 1, 999)}.50\t{_r(i, 1, 999)}.00\n" for k, lab in enumerate(labels))
                   + "\n" for i in range(n))


def _broken_paragraph(n: int) -> str:   # one paragraph rejoined from many broken lines
    return "".join(f"基本支出{_r(i, 1, 99)}万元，人员经费{_r(i, 1, 99)}万元，有{_r(i, 1, 9)}个项目，其中一个\n"
                   for i in range(n))


def _headings(n: int) -> str:
    return "".join(f"{'一二三四五六七八九'[i % 9]}、标题{i}\n（一）小标题\n1.项目支出{_r(i, 1, 99)}万元，较上年增加"
                   f"{_r(i, 1, 9)}万元。\n" for i in range(n))


def _lists(n: int) -> str:
    return "".join(f"内设股室{_r(i, 2, 5)}个，分别是：办公室、财务股、教育股，下属单位{_r(i, 1, 9)}个（包括A、B），"
                   for i in range(n)) + "\n" + "本局职责共有3项，具体如下：\n负责规划。\n" * n


def _of_which_blocks(n: int) -> str:
    # 其中 paragraphs under headings, numbered lists under 其中：, runs of shares and 等N个 counts
    return "".join(f"（{'一二三四五六七八九'[i % 9]}）支出{_r(i, 10, 99)}亿元。\n其中：甲{_r(i, 1, 5)}亿元，乙2亿元。\n"
                   f"合计{_r(i, 10, 99)}亿元。其中：\n1、甲项{_r(i, 1, 9)}亿元；\n2、乙项3亿元；\n"
                   f"甲100亿元，占50%；乙60亿元，占30%；丙40亿元，占20%。教育、卫生、科技等{_r(i, 2, 4)}个领域。\n"
                   for i in range(n))


@pytest.mark.heavy
@pytest.mark.parametrize(("make", "n"), [
    (_basic, 800),            # relation rules compared every fact with every other: exponent ≈ 1.9
    (_breakdown_lines, 120),   # share denominators: a pass over every fact per share
    (_one_sentence, 100),       # a pass over the sentence per figure, per change, per rate, per 其中
    (_text_tables, 40),        # table lines against every table; TABLE003 over every fact per row
    (_broken_paragraph, 300),  # paragraph quantities against every part
    (_headings, 150),
    (_lists, 150),             # COUNT001 read the rest of the paragraph per count
    (_of_which_blocks, 150),   # 其中 paragraphs, numbered lists, share runs, 等N个: each block read once
], ids=["basic-lines", "breakdown-lines", "one-sentence", "text-tables", "broken-paragraph", "headings", "lists",
        "of-which-blocks"])
def test_building_and_linting_is_linear(make: Callable[[int], str], n: int) -> None:
    assert _growth(make, _lint, n) < 1.5


def test_a_binding_with_too_many_candidates_in_scope_is_not_judged() -> None:
    from auditor.build import build_report
    from auditor.dsl.checks import MAX_CANDIDATES, _Pool
    report = build_report("x.txt", "二、支出\n" + "人员经费1万元。\n" * (MAX_CANDIDATES + 1) + "基本支出3万元。\n")
    anchor = report.facts[-1]
    pool = _Pool(report, [f for f in report.facts if f.label == "人员经费"], "section")
    assert pool.around(anchor) is None
    small = _Pool(report, [f for f in report.facts if f.label == "人员经费"][:MAX_CANDIDATES], "section")
    assert [f.index for f in small.around(anchor) or []] == list(range(MAX_CANDIDATES))


def test_a_share_denominator_is_looked_for_among_the_nearest_facts_of_its_label() -> None:
    from auditor.build import build_report
    from auditor.relations import SHARE_WINDOW, _nearest_before
    report = build_report("x.txt", "基本支出1万元。\n" * (SHARE_WINDOW + 10))
    near = _nearest_before(report, {"基本支出"}, report.facts[-1].start + 1)
    assert [f.index for f in near] == [f.index for f in report.facts[-SHARE_WINDOW:]]


# ---- item 12: the memory of the model ----

def _bytes_per_line(text: str, lines: int) -> tuple[float, float]:
    """(bytes the built model keeps, peak bytes while building) per line, as tracemalloc counts them."""
    import tracemalloc

    from auditor.build import build_report
    build_report("x.txt", "热身\n")
    gc.collect()
    tracemalloc.start()
    try:
        report = build_report("x.txt", text)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.paragraphs
    return kept / lines, peak / lines


@pytest.mark.heavy
def test_the_model_keeps_a_few_hundred_bytes_per_short_line() -> None:
    # before: 588 bytes kept and 1,540 at the peak per line of "a"; 1,100 and 2,270 per line of "第1行"
    kept, peak = _bytes_per_line("a\n" * 5_000, 5_000)
    assert kept < 480 and peak < 900
    kept, peak = _bytes_per_line("".join(f"第{i}行\n" for i in range(5_000)), 5_000)
    assert kept < 1000 and peak < 1700


def test_the_line_index_and_sentences_hold_no_object_per_line() -> None:
    from array import array

    from auditor.build import build_report
    from auditor.spans import Ranges
    report = build_report("x.txt", "一句。两句。\r\n三句\n")
    assert report.lines._starts_cache is None          # built on first use only
    assert report.lines.position(7) == (1, 8) and report.lines.line_text(2) == "三句"
    assert isinstance(report.lines._starts_cache, array)
    assert isinstance(report.sentences, Ranges) and list(report.sentences) == [(0, 3), (3, 6), (7, 9)]
    assert report.sentences[-1] == (7, 9) and len(report.sentences) == 3


@pytest.mark.parametrize(("limit", "text", "says"), [
    ("MAX_LINES", "a\n" * 11, "11 lines"),
    ("MAX_NUMBERS", "1 " * 11, "more than 10 numbers"),
    ("MAX_QUANTITIES", "1 " * 6 + "\n" + "2 " * 6, "more than 10 figures"),
    ("MAX_SENTENCES", "字。" * 11, "11 sentences"),
])
def test_a_text_beyond_the_model_limits_is_refused_in_one_line(monkeypatch: pytest.MonkeyPatch, limit: str,
                                                                 text: str, says: str) -> None:
    import auditor.parse
    from auditor.errors import InputError
    from auditor.runner import lint_text
    monkeypatch.setattr(auditor.parse, limit, 10)
    with pytest.raises(InputError, match=says) as err:
        lint_text(text)
    assert "\n" not in str(err.value)
    monkeypatch.setattr(auditor.parse, limit, 12)
    lint_text(text)   # at the limit: read
