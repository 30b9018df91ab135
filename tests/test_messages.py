"""Finding messages read well: no placeholder left empty inside quotes or between punctuation, the expected
numbering marker written as the document writes its markers, missing sections placed inside the file."""

from __future__ import annotations

import re
import string

import pytest

from auditor.build import build_report
from auditor.dsl.checks import YamlRule
from auditor.engine import Finding, run_rules
from auditor.model import Report
from auditor.rules import default_registry
from auditor.ruletest import Case, cases

REGISTRY = default_registry()
FAIL_CASES = [c for c in cases(list(REGISTRY), REGISTRY.lexicon) if c.kind == "fail"]
YAML_FAIL_CASES = [c for c in FAIL_CASES if isinstance(c.rule, YamlRule)]

_PUNCT = "，。；：、！？"
_SYMPTOMS = [
    (re.compile(r"\{[\w.]+\}"), "a placeholder left unfilled"),
    (re.compile(r"“”|‘’|「」|（）|《》|\(\)"), "an empty quotation or bracket"),
    (re.compile(f"[{_PUNCT}][{_PUNCT}]"), "two punctuation marks in a row"),
    (re.compile(f"^[{_PUNCT}]"), "a message opening with punctuation"),
    (re.compile(f"为(?:[{_PUNCT}]|$)"), "为 with nothing after it"),
    (re.compile(r"  |^ | $"), "a doubled, leading or trailing space"),
    (re.compile(f" [{_PUNCT}）」”]|[（「“] "), "a space against full-width punctuation"),
]


def _findings(case: Case) -> list[Finding]:
    report = build_report(f"<{case.id}>", case.example["text"], case.lexicon)
    return [f for f in run_rules(report, [case.rule]).findings if f.rule == case.rule.code]


def _unquoted(text: str) -> str:
    """The message without the document's own words it quotes (“…”), which may hold anything."""
    return re.sub(r"“[^“”]+”", "“引文”", text)


@pytest.mark.parametrize("case", FAIL_CASES, ids=[c.id for c in FAIL_CASES])
def test_fail_example_messages_show_no_trace_of_an_empty_value(case: Case) -> None:
    found = _findings(case)
    assert found, f"{case.id}: no finding"
    for f in found:
        for text in (f.message, f.suggestion):
            if not text:
                continue
            for pattern, what in _SYMPTOMS:
                plain = text if pattern.pattern.startswith("“") else _unquoted(text)
                assert not pattern.search(plain), f"{case.id}: {what} in {text!r}"


def _empty_fields(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Record (rule, placeholder, template) each time a YAML rule renders a placeholder with an empty value."""
    seen: list[tuple[str, str, str]] = []
    render = YamlRule.render

    def spy(self: YamlRule, template: str | None, values: dict[str, str]) -> str | None:
        if template is not None:
            for literal, field, _spec, _conv in string.Formatter().parse(template):
                if field is not None and values.get(field) == "":
                    seen.append((self.code, field, template))
        return render(self, template, values)

    monkeypatch.setattr(YamlRule, "render", spy)
    return seen


def _exposed(field: str, template: str) -> bool:
    """Whether an empty ``field`` leaves a visible gap: inside quotes or brackets, or between two punctuation marks
    or spaces. An empty value next to another placeholder or at the template's end (an optional note) leaves none."""
    at = template.index("{" + field + "}")
    before = template[at - 1] if at else ""
    after = template[at + len(field) + 2:at + len(field) + 3]
    if after == "{" or before == "}":
        return False
    return before in "“‘「（《(" or after in "”’」）》)" or (before in _PUNCT + " " and after in _PUNCT + " ")


@pytest.mark.parametrize("case", YAML_FAIL_CASES, ids=[c.id for c in YAML_FAIL_CASES])
def test_no_yaml_placeholder_renders_empty_where_it_shows(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _empty_fields(monkeypatch)
    assert _findings(case), f"{case.id}: no finding"
    gaps = [(code, field, template) for code, field, template in seen if _exposed(field, template)]
    assert gaps == [], f"{case.id}: empty placeholders {gaps}"


def test_the_empty_value_checks_can_fail() -> None:
    # the checks themselves: a quoted empty value, a dangling 为, a gap between punctuation are caught
    assert _exposed("previous", "{kind}：“{previous}”之后应为“{expected}”")
    assert _exposed("body", "部分为：{body}，应写明")
    assert not _exposed("c.current_label", "{c.current_label}{c.current}较上年")
    assert not _exposed("slip_note", "文中为 {stated}{unit}{slip_note}")
    bad = ["编号格式不一致：“”之后应为“（一）”", "文中为，应为 3", "金额为  万元", "：缺少"]
    for text in bad:
        assert any(p.search(text if p.pattern.startswith("“") else _unquoted(text)) for p, _w in _SYMPTOMS), text


def _messages(text: str, code: str) -> list[str]:
    report = build_report("t.txt", text, REGISTRY.lexicon)
    return [f.message for f in run_rules(report, list(REGISTRY)).findings if f.rule == code]


def test_first_marker_in_the_wrong_style_names_its_place_not_an_empty_previous() -> None:
    text = "六、部门整体支出绩效情况\n（1）持续深化医改\n内容。\n（二）推进项目建设\n内容。\n（三）提升服务能力\n内容。"
    assert _messages(text, "NUMB002") == ["编号格式不一致：本级第一个编号应为“（一）”，文中为“（1）”"]


def test_listed_items_written_as_sentences_are_joined_without_doubled_punctuation() -> None:
    text = "一、主要职能\n主要职责共3项，具体如下：\n负责全县教育规划。\n负责教师管理。"
    assert _messages(text, "COUNT001") == ["文中为 3项，实际列举 2 项：负责全县教育规划、负责教师管理"]


def test_numbering_messages_quote_markers_as_the_document_writes_them() -> None:
    # full-width digits are folded for reading; the message quotes and expects them as printed
    paren = "一、概况\n（１）甲\n内容。\n（２）乙\n内容。\n（４）丙\n内容。"
    assert _messages(paren, "NUMB002") == ["编号跳号：“（２）”之后应为“（３）”，文中为“（４）”"]
    dot = "一、概况\n１．负责规划。\n２．负责管理。\n４．承办交办事项。"
    assert _messages(dot, "NUMB004") == ["编号跳号：“２．”之后应为“３．”，文中为“４．”"]
    top = "一、概况\n内容。\n二、一般公共预算支出情况\n内容。\n３、政府性基金预算支出情况\n内容。"
    want = "一级标题“政府性基金预算支出情况”编号为“３、”，与其他一级标题（一、二、…）格式不一致，应为“三、”"
    assert _messages(top, "NUMB001") == [want]


@pytest.mark.parametrize(("model", "style", "number", "n", "want"), [
    ("（二）", "cn-paren", 2, 3, "（三）"), ("(二)", "cn-paren", 2, 3, "(三)"), ("十、", "cn-dun", 10, 11, "十一、"),
    ("（壹）", "cn-paren", 1, 3, "（三）"),        # a numeral the model does not spell as cn() does: the style's shape
    ("2.", "ar-dot", 2, 3, "3."), ("２．", "ar-dot", 2, 3, "３．"), ("（９）", "ar-paren", 9, 10, "（１０）"),
    ("⑳", "circled", 20, 21, "㉑"), ("①", "circled", 1, 36, "㊱"),
])
def test_an_expected_marker_keeps_the_style_of_its_model(model: str, style: str, number: int, n: int,
                                                           want: str) -> None:
    from auditor.rules.outline import marker_like
    assert marker_like(model, style, number, n) == want


def test_numbering_findings_quote_the_marker_at_their_span_and_expect_a_marker() -> None:
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "fixtures"
    shape = re.compile(r"[（(]?(?:[一二三四五六七八九十]+|[0-9０-９]+)[）)]?[、.．]?|[①-⑳㉑-㉟㊱-㊿]")
    rules = [r for r in REGISTRY if r.code in ("NUMB001", "NUMB002", "NUMB004")]
    seen = 0
    for path in sorted(root.glob("*.txt")) + sorted((root / "real").glob("*.txt")):
        report = build_report(str(path), path.read_text(encoding="utf-8"), REGISTRY.lexicon)
        for f in run_rules(report, rules).findings:
            marker, expected = f.evidence.get("marker"), f.evidence.get("expected")
            if marker is None or f.evidence.get("kind") == "此行缺少编号":
                continue        # an unnumbered heading, or a line without its marker
            seen += 1
            assert report.original[f.span.start:f.span.end].strip() == marker, (path.name, f.message)
            assert f"“{marker}”" in f.message, (path.name, f.message)
            assert expected is None or shape.fullmatch(str(expected)), (path.name, f.message)
    assert seen >= 5


def _lines(text: str) -> int:
    return text.count("\n") + (not text.endswith("\n"))


def _miss_within_file(report: Report, name: str, profiles: list[str]) -> int:
    """Lint ``report`` under each profile with the MISS rules; assert each finding lies inside the file."""
    rules = [r for r in REGISTRY if r.code.startswith("MISS")]
    count = 0
    for key in profiles:
        for f in run_rules(report, rules, {"profile": key}).findings:
            count += 1
            line, _col = report.lines.position(f.span.start)
            assert 1 <= line <= _lines(report.original), (name, key, f.span, f.message)
            assert f.span.end <= len(report.original), (name, key, f.span)
            if report.original.strip():
                assert report.original[f.span.start:f.span.end].strip(), (name, key, f.span, f.message)
    return count


def test_missing_sections_of_a_blank_or_headingless_report_sit_at_its_start() -> None:
    from auditor.profiles import profiles
    keys = list(profiles())
    for text in ("  \n \n", "\n\n", "正文一段，没有标题。\n\n\n", "\n\n   某单位绩效自评报告\n正文。"):
        assert _miss_within_file(build_report("t.txt", text, REGISTRY.lexicon), "t.txt", keys) > 0
    report = build_report("t.txt", "  \n \n", REGISTRY.lexicon)
    found = run_rules(report, [REGISTRY.get("MISS001")], {"profile": "hunan"}).findings
    assert found and all(report.lines.position(f.span.start) == (1, 1) for f in found)
    assert all(f.message.endswith("（报告中未识别出标题，标在报告开头）") for f in found)


def test_missing_sections_of_the_fixtures_sit_inside_the_file_under_every_profile() -> None:
    from pathlib import Path

    from auditor.profiles import profiles
    from auditor.runner import lint_file
    root = Path(__file__).resolve().parent.parent / "fixtures"
    keys = ["auto", *profiles()]
    count = 0
    for path in sorted(root.glob("*.txt")) + sorted(root.glob("docx/*.docx")) + sorted(root.glob("dept/*.txt")):
        report = lint_file(str(path), [], REGISTRY.lexicon).report      # read as lint reads it (tables, pages)
        assert report is not None
        count += _miss_within_file(report, str(path), keys)
    assert count >= 20
