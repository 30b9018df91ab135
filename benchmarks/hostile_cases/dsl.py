"""Hostile rule files for `auditor lint --rules <folder>`: regex time and size, YAML aliases and tags, deep
expressions (items 11, 12 and 13 of the reliability issue; guarantees in docs/reliability.md, "The rule language")."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from . import Case

SLOW = "(a|aa)+b"          # exponential on a run of a's without b


def _rule(code: str, check: str, category: str = "text") -> str:
    return (f"  - id: {code}\n    name: hostile.{code.lower()}\n    category: {category}\n    severity: warning\n"
            f"    description: hostile.\n    message: \"m\"\n{check}")


def _setup(folder: Path, pack: str, reports: dict[str, str]) -> list[str]:
    (folder / "pack").mkdir(exist_ok=True)
    (folder / "pack" / "hostile.yaml").write_text(pack, encoding="utf-8")
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    return ["lint", "--rules", "pack", *reports]


def _stderr_has(*needles: str) -> Callable[[Path, subprocess.CompletedProcess[bytes]], str | None]:
    def verify(_folder: Path, run: subprocess.CompletedProcess[bytes]) -> str | None:
        err = run.stderr.decode("utf-8", "replace")
        if "internal error" in err or "Traceback" in err:
            return f"internal error: {err[-300:]}"
        missing = [n for n in needles if n not in err]
        return f"stderr lacks {missing!r}: {err[-300:]!r}" if missing else None
    return verify


# --- item 11: regex time and size ------------------------------------------------------------------------------

def _section_before(folder: Path, full: bool) -> list[str]:
    """section `before:` over 400 headings that each make the pattern backtrack exponentially."""
    n = 400 if full else 20
    heads = "".join(f"{i + 1}. {'a' * 40}\n正文。\n" for i in range(n))
    pack = "rules:\n" + _rule("HSEC001", f'    section:\n      title: "存在问题"\n      require: before\n'
                                         f'      before: "{SLOW}"\n', "missing-section")
    return _setup(folder, pack, {"r.txt": f"{heads}二、存在问题\n内容。\n"})


def _paragraphs(folder: Path, full: bool) -> list[str]:
    """One pattern over 400 paragraphs, each search timing out (0.25 s each: 100 s before)."""
    n = 400 if full else 20
    pack = "rules:\n" + _rule("HPAT001", f'    pattern:\n      regex: "{SLOW}"\n      in: paragraphs\n')
    return _setup(folder, pack, {"r.txt": "一、情况\n" + "".join(f"第{i}段。{'a' * 40}\n" for i in range(n))})


def _rule_budget(folder: Path, full: bool) -> list[str]:
    """Searches of ~50 ms each, none near the per-search limit: 400 paragraphs cost 20 s before, now 1 s."""
    n = 400 if full else 50
    pack = "rules:\n" + _rule("HPAT002", f'    pattern:\n      regex: "甲|{SLOW}"\n      in: paragraphs\n')
    return _setup(folder, pack, {"r.txt": "一、情况\n" + "".join(f"第{i}段甲。{'a' * 24}\n" for i in range(n))})


def _report_budget(folder: Path, full: bool) -> list[str]:
    """Many catastrophic rules on one report: it fails with "time limit"; the other report is linted."""
    n = 40 if full else 30
    pack = "rules:\n" + "".join(_rule(f"HPAT{100 + i}", f'    pattern:\n      regex: "乙|{SLOW}"\n')
                                for i in range(n))
    return _setup(folder, pack, {"bad.txt": f"一、情况\n乙。{'a' * 40}\n", "good.txt": "一、情况\n乙。\n"})


def _report_budget_verify(_folder: Path, run: subprocess.CompletedProcess[bytes]) -> str | None:
    out = run.stdout.decode("utf-8", "replace")
    bad = [line for line in out.splitlines() if "bad.txt" in line and "time limit" in line]
    if len(bad) != 1:
        return f"no one-line time limit error for bad.txt: {out[-400:]!r}"
    if "good.txt:2:" not in out:
        return f"good.txt was not linted: {out[-400:]!r}"
    if "HPAT100" not in out.split("time limit", 1)[1][:400]:   # the rules stopped before are named
        return f"the stopped rules are not named: {out[-400:]!r}"
    return None


def _compile_bomb(folder: Path, full: bool) -> list[str]:
    """((a{1000}){1000}){1000} takes 3.9 GB to compile: refused before compiling."""
    n = 1000 if full else 100
    pack = "rules:\n" + _rule("HPAT003", f'    pattern:\n      regex: "((a{{{n}}}){{{n}}}){{{n}}}"\n')
    return _setup(folder, pack, {"r.txt": "一、情况\n正文。\n"})


# --- items 12 and 13: YAML and the expression language ---------------------------------------------------------

def _laughs(folder: Path, full: bool) -> list[str]:
    """Billion laughs: ~400 bytes that expand to 10^9 values (3.8 GB and growing before)."""
    levels = 9 if full else 6
    lines = ['a0: &a0 "lol"'] + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]"
                                 for i in range(1, levels + 1)]
    return _setup(folder, "\n".join(lines) + f"\nrules: *a{levels}\n", {"r.txt": "一、情况\n正文。\n"})


def _python_tag(folder: Path, full: bool) -> list[str]:
    pack = "rules:\n" + _rule("HPAT004", "    pattern:\n      regex: !!python/name:os.system\n")
    return _setup(folder, pack, {"r.txt": "一、情况\n正文。\n"})


def _self_alias(folder: Path, full: bool) -> list[str]:
    return _setup(folder, "rules: &r\n  - *r\n", {"r.txt": "一、情况\n正文。\n"})


def _deep_expression(folder: Path, full: bool) -> list[str]:
    n = 150 if full else 60                # 150 levels in 755 characters (the length limit is 1000)
    expr = "x == " + "(1 + " * n + "1" + ")" * n
    pack = "rules:\n" + _rule("HSUM001", f"    relation:\n      bind: {{x: 基本支出}}\n      assert: \"{expr}\"\n",
                              "sum")
    return _setup(folder, pack, {"r.txt": "一、情况\n正文。\n"})


def _unless_timeout(folder: Path, full: bool) -> list[str]:
    """A relation whose `unless:` times out (an internal error before). 40 paragraphs: the relation rules'
    own cost on hundreds of facts is item 10, not this case."""
    n = 40 if full else 10
    pack = "rules:\n" + _rule("HSUM002", f'    relation:\n      assert: 基本支出 == 人员经费 + 公用经费\n'
                                         f'      unless: "{SLOW}"\n      scope: paragraph\n', "sum")
    text = "一、支出情况\n" + "".join(f"基本支出100万元，其中人员经费60万元、公用经费30万元。{'a' * 40}\n"
                                 for _ in range(n))
    return _setup(folder, pack, {"r.txt": text})


CASES: list[Case] = [
    Case("section-before-catastrophic", 11, _section_before, exits=frozenset({2}),
         verify=_stderr_has("rule HSEC001 (hostile.hsec001) stopped: a regular expression took more than 0.25 s")),
    Case("pattern-400-paragraphs", 11, _paragraphs, exits=frozenset({2}),
         verify=_stderr_has("rule HPAT001 (hostile.hpat001) stopped: a regular expression took more than 0.25 s")),
    Case("rule-regex-budget", 11, _rule_budget, exits=frozenset({2}),
         verify=_stderr_has("rule HPAT002 (hostile.hpat002) stopped: its regular expressions used more than 1 s")),
    Case("report-regex-budget", 11, _report_budget, exits=frozenset({2}), verify=_report_budget_verify),
    Case("regex-compile-bomb", 11, _compile_bomb, exits=frozenset({2}),
         verify=_stderr_has("hostile.yaml:9:14: regex: regular expression refused: its counted repetitions")),
    Case("yaml-billion-laughs", 12, _laughs, exits=frozenset({2}),
         verify=_stderr_has("hostile.yaml:", "values (after expanding aliases")),
    Case("yaml-python-tag", 13, _python_tag, exits=frozenset({2}),
         verify=_stderr_has("hostile.yaml:9:14: unsupported tag !!python/name:os.system")),
    Case("yaml-self-alias", 13, _self_alias, exits=frozenset({2}),
         verify=_stderr_has("hostile.yaml:1:8: self-referencing alias")),
    Case("deep-expression", 13, _deep_expression, exits=frozenset({2}),
         verify=_stderr_has("hostile.yaml:10:", "expression nested more than 50 deep")),
    Case("unless-timeout", 13, _unless_timeout, exits=frozenset({2}),
         verify=_stderr_has("rule HSUM002 (hostile.hsum002) stopped: a regular expression took more than 0.25 s")),
]
