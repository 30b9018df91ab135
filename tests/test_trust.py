"""The trust benchmark's own logic: judging findings by labels, planting defects, and its summary line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import trust

DOC = """一、部门基本情况
本部门内设科室3个。
二、收支情况
2023年基本支出100.00万元，其中人员经费80.00万元，占基本支出的80.00%；公用经费20.00万元，占基本支出的25.00%。
2023年项目支出12,345.00万元。
三、存在的问题
一是预算编制不够精细。二是绩效目标不够具体。
四、下一步措施
加强管理。
"""

LABELS = {
    "relations": [
        {"line": 4, "category": "share", "relation": "80.00 / 100.00 = 80.00%", "verdict": "holds",
         "target": "80.00%"},
        {"line": 4, "category": "share", "relation": "20.00 / 100.00 = 20.00%, stated 25.00%",
         "verdict": "violated"},
    ],
    "outlines": [{"lines": [1, 3, 6, 8]}],
    "problem_sections": [{"line": 6, "end": 7}],
}


def _corpus(tmp: Path, labels: dict | None) -> Path:
    (tmp / "labels").mkdir()
    (tmp / "d-001.txt").write_text(DOC, encoding="utf-8")
    (tmp / "index-d.tsv").write_text("id\tfile\tkind\tprovince\tyear\tchars\tsource\ttitle\n"
                                     f"d-001\td-001.txt\t决算\t湖南\t2023\t{len(DOC)}\ttest\t部门\n", encoding="utf-8")
    if labels is not None:
        (tmp / "labels" / "d-001.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True), encoding="utf-8")
    return tmp


def test_altered_figures_leave_rounding_and_keep_their_style() -> None:
    assert trust._altered("80.00%") == "40.00%"          # a large share is halved
    assert trust._altered("35.2%") == "45.8%"            # + 30%
    assert trust._altered("12,345.00") == "13,950.85"    # × 1.13 + 1, separators kept
    assert trust._altered("7个") == "9个"               # 7 × 1.13 + 1 = 8.91


def test_injections_plant_each_labelled_defect(tmp_path: Path) -> None:
    doc = trust.load_corpus(_corpus(tmp_path, LABELS))[0]
    planted = list(trust.injections(doc))
    kinds = [p.kind for p in planted]
    assert kinds.count("relation") == 1 and kinds.count("separator") == 1 and kinds.count("empty-section") == 1
    assert kinds.count("numbering") == 6                       # 3 headings after the first, skipped and duplicated
    skipped = next(p for p in planted if p.kind == "numbering" and "skipped" in p.what and p.line == 3)
    assert skipped.text.splitlines()[2] == "三、收支情况" and skipped.text.splitlines()[7] == "五、下一步措施"
    sep = next(p for p in planted if p.kind == "separator")
    assert "1,2345.00万元" in sep.text.splitlines()[4]
    empty = next(p for p in planted if p.kind == "empty-section")
    assert empty.text.splitlines()[5:8] == ["三、存在的问题", "无。", "四、下一步措施"]


def test_judging_by_relation_labels(tmp_path: Path) -> None:
    doc = trust.load_corpus(_corpus(tmp_path, LABELS))[0]
    finding = {"rule": "SHARE001", "category": "share", "line": 4, "message": "…"}
    assert trust.judge(doc, finding) == "true"                  # a violated relation on the line
    doc.labels = {"relations": [LABELS["relations"][0]]}
    assert trust.judge(doc, finding) == "false"                 # only a holding relation there
    doc.labels = {"findings": [{"rule": "SHARE001", "line": 4, "verdict": "unjudgeable"}]}
    assert trust.judge(doc, finding) == "unjudgeable"
    doc.labels = None
    assert trust.judge(doc, finding) == "unjudged"


def test_benchmark_end_to_end(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, LABELS)
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "trust.py"), "--corpus", str(corpus),
                          "-v", "--min-recall", "1"], capture_output=True, text=True, check=False)
    out = run.stdout
    assert "corpus: 1 documents (1 labelled)" in out
    assert "real violations found 1.000 (1/1)" in out           # 20 / 100 ≠ 25% is reported
    assert "empty-section" in out and "injected found" in out
    assert run.returncode == 0, out + run.stderr
    (tmp_path / "u").mkdir()
    unlabelled = _corpus(tmp_path / "u", None)
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "trust.py"), "--corpus", str(unlabelled),
                          "--min-precision", "0.9"], capture_output=True, text=True, check=False)
    assert "unjudged findings (" in run.stdout and run.returncode == 1      # nothing judged: the bar is not met


def test_on_a_long_line_a_finding_counts_only_near_the_spot() -> None:
    """b-007, b-015 hold a whole report on one line: a finding elsewhere on it is not the one looked for."""
    entry = {"findings": [{"severity": "warning", "category": "consistency", "line": 1, "column": 900}]}
    assert trust._hits(entry, 1, {"consistency"}, 1, 50, 2000) is False
    assert trust._hits(entry, 1, {"consistency"}, 1, 880, 2000) is True
    assert trust._hits(entry, 1, {"consistency"}, 1, 50, 120) is True      # a short line: the line decides


def test_a_finding_hits_at_the_figures_its_arithmetic_uses() -> None:
    # a total's finding on line 38 whose parts are on lines 39 and 40: a defect planted in the part on line 40 is found
    entry = {"findings": [{"severity": "warning", "category": "sum", "line": 38, "column": 20,
                           "related": [{"line": 39, "column": 26}, {"line": 40, "column": 23}]}]}
    assert trust._hits(entry, 40, {"sum"}, 1, 23, 80) is True
    assert trust._hits(entry, 41, {"sum"}, 1, 23, 80) is False      # a related place counts on its own line only
    assert trust._hits(entry, 40, {"share"}, 1, 23, 80) is False    # and for the finding's category
    # on a long line, only near the spot
    assert trust._hits(entry, 40, {"sum"}, 1, 900, 2000) is False


def test_coverage_counts_a_relation_told_at_its_totals_line_when_the_figures_agree() -> None:
    verified = {"verified": [{"category": "sum", "line": 38, "column": 20,
                              "relation": "“…收入完成194.5亿元…” 75.4亿元 + 119.1亿元 = 194.5亿元",
                              "related": [{"line": 39, "column": 26}, {"line": 40, "column": 23}]}]}
    same = "市本级收入194.5 (l.38) = 税收75.4 (l.39) + 75.4 + 119.1 = 194.5"
    assert trust._checked(verified, 40, "sum", same) is True
    # a label on that line about another relation of the figure (非税 = its items): not covered by this one
    other = "非税119.1 (l.40) = 60 + 59.1 = 119.1"
    assert trust._checked(verified, 40, "sum", other) is False
    # line references in the label are not figures: l.38 and l.39 do not make two figures agree
    assert trust._figures("收入194.5 (l.38) = 税收75.4 (l.39), lines 62-71") == {"194.5", "75.4"}
