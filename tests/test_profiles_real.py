"""Template profiles on real reports: each profile detected on a snippet of a real document with the right
reason, near misses left without a profile, MISS001 at a real line, and no corpus document detected as a
profile it does not follow."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from auditor.build import build_report
from auditor.cli import main
from auditor.engine import Context
from auditor.model import Report
from auditor.profiles import explain, profiles
from auditor.rules.outline import MissingSection

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = Path(__file__).resolve().parent / "data" / "profiles"
REAL = ROOT / "fixtures" / "real"


def _report(text: str, name: str = "r.txt") -> Report:
    return build_report(name, text, None, (), ())


def _snippet(name: str) -> str:
    return (SNIPPETS / name).read_text(encoding="utf-8")


def _parse(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["parse", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


# (file, profile, words the reason must hold)
DETECTED = [
    (ROOT / "fixtures" / "000_5b27a47f95f91fcd.txt", "hunan", ["9 of 10", "部门整体绩效自评", "湖南"]),
    (ROOT / "fixtures" / "003_45e64f77cdb0a205.txt", "guangdong", ["sections (6 of 7)"]),
    (SNIPPETS / "a-030.txt", "fujian-dept-eval", ["6 of 7", "部门整体绩效评价", "福建"]),
    (SNIPPETS / "a-022.txt", "fujian-project-eval", ["7 of 7", "项目绩效评价", "福建"]),
    (SNIPPETS / "a-012.txt", "heilongjiang-project-eval", ["7 of 7", "黑龙江"]),
    (SNIPPETS / "d-005.txt", "budget-execution", ["3 of 3", "预算执行"]),
    (SNIPPETS / "c-008.txt", "final-accounts-report", ["3 of 3", "决算报告"]),
    (SNIPPETS / "mof-final-composed.txt", "mof-final-accounts", ["parts (4 of 6)", "部门决算"]),
    (SNIPPETS / "mof-unit-final-composed.txt", "mof-final-accounts", ["parts (4 of 6)"]),
    (SNIPPETS / "mof-budget-composed.txt", "mof-budget", ["parts (4 of 4)", "部门预算"]),
    (SNIPPETS / "mof-unit-budget-composed.txt", "mof-budget", ["parts (4 of 4)", "部门预算"]),
]


@pytest.mark.parametrize(("path", "key", "words"), DETECTED, ids=[d[1] + "-" + d[0].stem for d in DETECTED])
def test_auditor_parse_detects_the_profile_and_says_why(path: Path, key: str, words: list[str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    prof = _parse(path, capsys)["profile"]
    assert prof["chosen"] == key, prof
    for w in words:
        assert w in prof["why"], (w, prof["why"])
    assert prof["assessment"]["profile"] == key and prof["assessment"]["contradicted"] is None
    # the runners-up are listed with the reason each was not chosen
    for r in prof["runners_up"]:
        assert r["profile"] != key and {"share", "order", "kind_hint", "place_hint", "contradicted", "score"} <= set(r)


def test_every_profile_has_a_real_snippet_and_sources() -> None:
    assert {key for _, key, _ in DETECTED} == set(profiles())
    for prof in profiles().values():
        assert prof.kind and len(prof.sources) >= 2, prof.key
        if prof.level == "section" and prof.kind.endswith(("自评", "评价")):
            assert prof.province, prof.key


def test_a_snippet_naming_another_province_is_not_taken_for_fujian() -> None:
    # the 福建 project outline with an opening that names 黑龙江: 福建 is ruled out, 黑龙江's outline differs
    text = _snippet("a-022.txt").replace("《福建省", "《黑龙江省")
    prof = explain(_report(text))
    assert prof["chosen"] != "fujian-project-eval"
    fj = next(r for r in prof["runners_up"] if r["profile"] == "fujian-project-eval")
    assert fj["contradicted"] == "the opening names 黑龙江, not 福建"


def test_the_same_outline_without_a_province_is_too_close_to_call() -> None:
    # sections both the 福建 and the 黑龙江 evaluation outlines have, with no province in the opening: both fit
    # as well, none is chosen
    text = ("2020 年某专项资金绩效评价报告\n根据有关规定，对专项资金进行了绩效评价。\n"
            "一、基本情况\n内容。\n二、绩效评价工作开展情况\n内容。\n三、评价结论\n内容。\n"
            "四、存在的问题\n内容。\n五、有关建议\n内容。\n六、其他需要说明的事项\n无。\n")
    prof = explain(_report(text))
    assert prof["chosen"] is None and prof["why"].startswith("too close to choose")


def test_generic_sections_alone_choose_no_profile() -> None:
    # 基本情况 / 存在问题 / 改进措施 are in every outline: they tell no template
    text = ("某局2023年度绩效自评报告\n一、基本情况\n内容。\n二、存在的问题\n内容。\n三、改进措施\n内容。\n")
    assert explain(_report(text))["chosen"] is None


def test_a_budget_outline_without_its_title_is_not_a_budget_report() -> None:
    # the 预算执行 outline is common wording: without the title naming the report, no profile
    lines = _snippet("d-005.txt").split("\n")
    text = "\n".join(lines[8:])
    prof = explain(_report(text))
    assert prof["chosen"] is None
    be = next(r for r in prof["runners_up"] if r["profile"] == "budget-execution")
    assert be["share"] == 1.0 and be["contradicted"] == "the opening does not name a 预算执行 report"


def test_a_department_evaluation_is_not_a_project_evaluation() -> None:
    prof = explain(_report(_snippet("a-030.txt")))
    fp = next(r for r in prof["runners_up"] if r["profile"] == "fujian-project-eval")
    assert fp["contradicted"] == "the opening names a 部门整体绩效评价 report, not 项目绩效评价"


def test_a_budget_is_not_a_final_account_and_a_final_account_is_not_a_budget() -> None:
    # the 部门预算 and 部门决算 templates share 概况 and 名词解释: the title (预算 or 决算) tells them apart
    budget, final = _snippet("mof-budget-composed.txt"), _snippet("mof-final-composed.txt")
    prof = explain(_report(budget))
    fa = next(r for r in prof["runners_up"] if r["profile"] == "mof-final-accounts")
    assert prof["chosen"] == "mof-budget" and fa["share"] < 0.6
    prof = explain(_report(final))
    mb = next(r for r in prof["runners_up"] if r["profile"] == "mof-budget")
    assert prof["chosen"] == "mof-final-accounts" and mb["contradicted"] == "the opening names a 部门决算 report, not 部门预算"
    # a budget's parts under a 决算 title: ruled out, and the 决算 template does not fit its parts either
    prof = explain(_report(budget.replace("2024年部门预算\n", "2024年部门决算\n", 1)))
    mb = next(r for r in prof["runners_up"] if r["profile"] == "mof-budget")
    assert prof["chosen"] is None and mb["share"] == 1.0
    assert mb["contradicted"] == "the opening names a 部门决算 report, not 部门预算"
    # and a 决算's parts under a 预算 title: neither
    prof = explain(_report(final.replace("2023年度部门决算\n", "2023年度部门预算\n", 1)))
    assert prof["chosen"] is None


def _missing(text: str, profile: str = "auto") -> list:
    report = _report(text)
    return list(MissingSection().check(report, Context(report, options={"profile": profile})))


def _line_of(text: str, start: int) -> tuple[int, str]:
    n = text.count("\n", 0, start) + 1
    return n, text.split("\n")[n - 1]


def test_missing_section_is_reported_before_the_next_section() -> None:
    text = _snippet("a-030.txt")
    cut = text.replace("  四、存在的主要问题\n", "").replace("  （一）专项资金绩效目标设定不够合理", "  （一）内容")
    found = _missing(cut)
    assert [f.evidence["section"] for f in found] == ["存在的主要问题"]
    _n, line = _line_of(cut, found[0].span.start)
    assert line.strip().startswith("五、相关意见建议") and "应在“相关意见建议”之前" in found[0].message


def test_missing_last_section_is_reported_after_the_previous_one_never_at_the_end() -> None:
    text = _snippet("a-030.txt")
    lines = text.split("\n")
    i = next(k for k, ln in enumerate(lines) if "五、相关意见建议" in ln)
    cut = "\n".join(lines[:i]) + "\n"       # 五、相关意见建议 and the optional 六、其他需要说明的事项 gone
    found = _missing(cut, "fujian-dept-eval")    # 4 of 7 sections left: too few to detect, chosen by name
    assert [f.evidence["section"] for f in found] == ["相关意见建议"]
    assert found[0].span.start < len(cut.rstrip())
    _n, line = _line_of(cut, found[0].span.start)
    assert line.strip() and "存在的主要问题" in line and "之后" in found[0].message


def test_missing_part_of_a_final_accounts_report_is_placed_at_a_part_heading() -> None:
    text = _snippet("mof-final-composed.txt").replace("第四部分 专业名词解释\n", "")
    found = _missing(text, "mof-final-accounts")
    assert [f.evidence["section"] for f in found] == ["名词解释"]
    _n, line = _line_of(text, found[0].span.start)
    assert line.startswith("第三部分")


def test_missing_part_of_a_budget_is_placed_at_a_part_heading() -> None:
    text = _snippet("mof-budget-composed.txt")
    lines = text.split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("第三部分") and k > 6)
    # 第三部分 …预算情况说明 gone from the body (its five lines) and from the 目录
    cut = "\n".join(ln for k, ln in enumerate(lines[:i] + lines[i + 5:]) if not ln.startswith("第三部分"))
    found = _missing(cut, "mof-budget")
    assert [f.evidence["section"] for f in found] == ["部门预算情况说明"]
    _n, line = _line_of(cut, found[0].span.start)
    assert line.startswith("第四部分") and "应在“名词解释”之前" in found[0].message


def test_a_section_under_a_misread_marker_is_not_missing() -> None:
    # a-026 and a-047: "—、基本情况", the 一 read as a dash: the section is there
    text = _snippet("a-022.txt").replace("  一、基本情况", "  —、基本情况")
    assert _missing(text, "fujian-project-eval") == []


def test_no_missing_section_without_a_profile() -> None:
    text = "某局2023年度绩效自评报告\n一、基本情况\n内容。\n二、存在的问题\n内容。\n"
    assert _missing(text) == []


def _expected(kind: str, province: str) -> set[str | None]:
    """The profiles a corpus document may be detected as: its own template, or none."""
    ok: set[str | None] = {None}
    if kind == "项目自评" and province == "福建":
        ok.add("fujian-project-eval")
    if kind == "部门整体自评" and province == "福建":
        ok.add("fujian-dept-eval")
    if kind == "项目自评" and province == "黑龙江":
        ok.add("heilongjiang-project-eval")
    if kind in ("预算执行", "预算"):
        ok.add("budget-execution")
    if kind == "决算":
        ok.add("final-accounts-report")
    return ok


def test_corpus_documents_are_detected_as_their_own_template_or_none() -> None:
    rows = []
    for index in sorted(REAL.glob("index-*.tsv")):
        with index.open(encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh, delimiter="\t"))
    wrong, chosen = [], 0
    for row in rows:
        path = REAL / row["file"]
        got = explain(_report(path.read_text(encoding="utf-8"), str(path)))["chosen"]
        chosen += got is not None
        if got not in _expected(row["kind"], row["province"]):
            wrong.append((row["id"], row["kind"], row["province"], got))
    assert wrong == []
    assert chosen >= 50          # 15 决算报告, 16 预算执行, 21 福建/黑龙江 evaluations at the time of writing
