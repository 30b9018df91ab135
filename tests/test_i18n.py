"""Chinese for the people who read the reports (issue 14): the catalogue auditor/data/i18n.yaml covers every rule,
category and severity; --lang zh (the default, or AUDITOR_LANG) and --lang en; machine formats unchanged."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from bordered import table_cells
from rich.cells import cell_len

from auditor import i18n
from auditor.cli import main
from auditor.engine import CATEGORIES, SEVERITIES
from auditor.errors import UsageError
from auditor.rules import default_registry

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"
SEED0 = str(FIX / "000_5b27a47f95f91fcd.txt")
SEED1 = str(FIX / "001_6a8239fff33aeddc.txt")
SEED3 = str(FIX / "003_45e64f77cdb0a205.txt")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- the catalogue -----------------------------------------------------------------------------------------------

def test_every_rule_of_the_registry_has_a_chinese_description() -> None:
    """A new rule (YAML or Python) without an entry in auditor/data/i18n.yaml fails here; an entry for a rule that
    no longer exists too."""
    codes = {r.code for r in default_registry(())}
    names = i18n.catalogue().rules
    assert sorted(codes - set(names)) == [], "rules without a Chinese description in auditor/data/i18n.yaml"
    assert sorted(set(names) - codes) == [], "descriptions in auditor/data/i18n.yaml of rules that do not exist"


def test_every_category_and_severity_has_a_chinese_name() -> None:
    cat = i18n.catalogue()
    assert set(cat.categories) == set(CATEGORIES) and set(cat.severities) == set(SEVERITIES)
    assert len(set(cat.categories.values())) == len(CATEGORIES)       # no two categories read alike
    assert [cat.severities[s] for s in ("error", "warning", "info")] == ["错误", "警告", "提示"]
    assert all(_CJK.search(name) for name in [*cat.categories.values(), *cat.severities.values()])


@pytest.mark.parametrize("code", sorted(i18n.catalogue().rules))
def test_chinese_descriptions_are_chinese_sentences(code: str) -> None:
    text = i18n.catalogue().rules[code]
    assert _CJK.search(text) and text.endswith("。") and "\n" not in text
    assert not re.search(r"[,;](?! )|\?", text), "half-width punctuation in a Chinese description"
    assert text.count("“") == text.count("”")
    prose = re.sub("“[^”]*”", "", text)        # a quoted example may show a wrong bracket: (一）
    assert all(prose.count(a) == prose.count(b) for a, b in ("（）", "【】")), "unbalanced brackets"


def test_ui_strings_say_the_same_in_both_languages() -> None:
    """Every value the English string shows, the Chinese one shows too (an English {n_s} is its plural s)."""
    def fields(template: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    for key, texts in i18n.catalogue().ui.items():
        english = {f for f in fields(texts["en"]) if not f.endswith("_s")}
        assert english <= fields(texts["zh"]), key
        assert not any(f.endswith("_s") for f in fields(texts["zh"])), key      # Chinese has no plural s


# --- choosing the language ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("choice", "env", "lang"), [
    (None, None, "zh"), (None, "", "zh"), (None, " en ", "en"), (None, "EN", "en"), (None, "zh_CN.UTF-8", "zh"),
    (None, "en-US", "en"), ("en", "zh", "en"), ("zh", "en", "zh")])
def test_the_language_is_the_flag_then_the_environment_then_chinese(choice: str | None, env: str | None,
                                                                   lang: str) -> None:
    assert i18n.resolve(choice, env) == lang


@pytest.mark.parametrize("command", [("lint", SEED0), ("rules",), ("explain", "SUM001")])
def test_an_unknown_auditor_lang_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    with pytest.raises(UsageError):
        i18n.resolve(None, "fr")
    monkeypatch.setenv("AUDITOR_LANG", "fr")
    code, out, err = _run(capsys, *command)
    assert code == 2 and out == ""
    assert err == "auditor: AUDITOR_LANG must be zh or en (or a locale such as zh_CN), not 'fr'\n"


def test_an_unknown_lang_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["lint", "--lang", "fr", SEED0])
    assert exc.value.code == 2 and "invalid choice: 'fr'" in capsys.readouterr().err


# --- lint: text, summaries, statistics, the review page ----------------------------------------------------------

def _severities(capsys: pytest.CaptureFixture[str], *paths: str) -> dict[str, int]:
    _code, out, _ = _run(capsys, "lint", "--format", "json", *paths)
    found = [f["severity"] for entry in json.loads(out)["files"] for f in entry["findings"]]
    return {s: found.count(s) for s in ("error", "warning", "info")}


def test_text_output_is_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert _severities(capsys, SEED0) == {"error": 1, "warning": 4, "info": 0}
    code, out, _ = _run(capsys, "lint", "--no-color", SEED0)
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(f"{SEED0}:33:11: NUM001 [错误] ")
    assert sum(" [警告] " in line for line in lines) == 4 and "[error]" not in out and "[warning]" not in out
    assert lines[-1] == "发现 5 个问题（1 个错误，4 个警告），共 1 个文件。"
    # the same run in English
    code, out, _ = _run(capsys, "lint", "--no-color", "--lang", "en", SEED0)
    assert out.splitlines()[0].startswith(f"{SEED0}:33:11: NUM001 [error] ")
    assert out.splitlines()[-1] == "Found 5 findings (1 error, 4 warning) in 1 file."


def test_a_clean_report_in_chinese_and_english(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    argv = ("lint", "--select", "sum,share,change,number-format,empty-section", SEED3)
    assert _run(capsys, *argv) == (0, "未发现问题：共 1 个文件。\n", "")
    monkeypatch.setenv("AUDITOR_LANG", "en")
    assert _run(capsys, *argv) == (0, "All clear: no findings in 1 file.\n", "")
    assert _run(capsys, *argv, "--lang", "zh")[1] == "未发现问题：共 1 个文件。\n"     # the flag wins


def test_an_unreadable_file_is_counted_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, _ = _run(capsys, "lint", "--no-color", "--select", "EMPTY001", SEED0, str(empty))
    assert code == 2
    assert "发现 2 个问题（2 个警告），共 2 个文件；1 个文件无法读取。" in out.splitlines()
    assert out.count("2 个文件") == 1           # said once: the batch tables do not count again


def test_batch_summary_names_categories_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    _code, doc, _ = _run(capsys, "lint", "--format", "json", SEED0, SEED1)
    categories = {f["category"] for entry in json.loads(doc)["files"] for f in entry["findings"]}
    total = sum(len(entry["findings"]) for entry in json.loads(doc)["files"])
    counts = _severities(capsys, SEED0, SEED1)
    assert len(categories) >= 4
    code, out, _ = _run(capsys, "lint", "--no-color", "--jobs", "1", SEED0, SEED1)
    rows = {cells[0]: cells[1] for line in out.splitlines() if line.startswith("│")
            for cells in [[c.strip() for c in line.strip("│").split("│")]]}
    cat = i18n.catalogue().categories
    assert code == 1 and "个文件无法读取" not in out
    assert "┃ 类别" in out and "问题数" in out and "问题最多的文件" in out and "┃ 文件" in out
    assert {cat[c] for c in categories} <= set(rows) and not categories & set(rows)
    assert sum(int(n) for name, n in rows.items() if name in cat.values()) == total
    parts = "，".join(f"{counts[s]} 个{i18n.catalogue().severities[s]}" for s in ("error", "warning", "info")
                     if counts[s])
    assert f"发现 {total} 个问题（{parts}），共 2 个文件。" in out


def test_statistics_name_categories_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "lint", "--statistics", SEED0)
    rows = out.splitlines()
    assert code == 1 and rows[0].split() == ["2", "EMPTY001", "empty-section.placeholder-only", "空白章节"]
    assert rows[-1].split() == ["5", "合计（1", "个文件）"]
    code, out, _ = _run(capsys, "lint", "--statistics", "--lang", "en", SEED0)
    assert out.splitlines()[0].split()[-1] == "empty-section" and out.splitlines()[-1].split()[1] == "findings"


def test_review_page_labels_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "review.html"
    for lang in ("zh", "en"):
        assert main(["lint", "--format", "html", "--lang", lang, "-o", str(page), SEED0]) == 1
        text = page.read_text(encoding="utf-8")
        boxes = re.findall(r'<label><input type="checkbox" value="(\w+)" checked> ([^<]*)</label>', text)
        heads = re.findall(r'<div class="cat">([^<（]*)（', text)
        wheres = re.findall(r'<span class="where">\d+:\d+ ([^<]*)</span>', text)
        if lang == "zh":
            assert boxes == [("error", "错误（1）"), ("warning", "警告（4）"), ("info", "提示（0）")]
            assert sorted(heads) == sorted(["数字格式", "序号", "空白章节", "缺失章节"])
            assert sorted(set(wheres)) == ["警告", "错误"]
        else:
            assert boxes == [("error", "error (1)"), ("warning", "warning (4)"), ("info", "info (0)")]
            assert sorted(heads) == ["empty-section", "missing-section", "number-format", "numbering"]
    capsys.readouterr()


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "junit"])
def test_machine_formats_do_not_depend_on_the_language(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    outs = [_run(capsys, "lint", "--format", fmt, "--lang", lang, SEED0, SEED1)[1] for lang in ("zh", "en")]
    monkeypatch.setenv("AUDITOR_LANG", "en")
    outs.append(_run(capsys, "lint", "--format", fmt, SEED0, SEED1)[1])
    assert outs[0] == outs[1] == outs[2] and outs[0]
    assert "空白章节" not in outs[0] and "[错误]" not in outs[0] and "数字格式错乱" not in outs[0]


def test_readme_example_is_the_real_output(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```\n", 2)[1].splitlines()         # the first code block: a finding as auditor prints it
    monkeypatch.chdir(ROOT)
    code, out, _ = _run(capsys, "lint", "--no-color", "--select", "SHARE001", "fixtures/001_6a8239fff33aeddc.txt")
    lines = out.splitlines()
    assert code == 1 and lines[:len(block)] == block


# --- rules and explain -------------------------------------------------------------------------------------------



def test_rules_table_in_chinese(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "240")
    code, out, _ = _run(capsys, "rules", "--no-config")
    registry = default_registry(())
    cat = i18n.catalogue()
    assert code == 0 and f"{len(registry)} 条规则" in out
    assert re.search(r"┃ 代码 +┃ 名称 +┃ 类别 +┃ 级别 +┃ 说明 +┃ 来源 +┃", out)
    rows = table_cells(out)
    assert set(rows) == {r.code for r in registry}
    for r in registry:
        assert rows[r.code][1:5] == [r.name, cat.categories[r.category], cat.severities[r.severity],
                                     "".join(cat.rules[r.code].split())], r.code


def test_rules_in_chinese_fit_every_width() -> None:
    """Chinese is two cells a character: the table (or the blocks) never runs past the console."""
    import io

    from rich.console import Console

    from auditor.cli import _print_rules
    registry = default_registry(())
    layouts = set()
    for width in range(40, 241, 8):
        buf = io.StringIO()
        _print_rules(registry, Console(file=buf, width=width, highlight=False), "zh")
        out = buf.getvalue()
        assert max(cell_len(line) for line in out.splitlines()) <= width, width
        flat = "".join(out.split())
        for r in registry:
            assert r.code in flat and "".join(i18n.catalogue().rules[r.code].split()) in (
                flat if "┃" not in out else "".join(table_cells(out)[r.code])), (width, r.code)
        layouts.add(("┃ 代码" in out, "┃ 来源" in out))
    assert layouts == {(False, False), (True, False), (True, True)}


def test_explain_in_chinese_then_english(capsys: pytest.CaptureFixture[str]) -> None:
    rule = default_registry(()).get("SHARE001")
    assert rule is not None
    code, out, _ = _run(capsys, "explain", "share001")
    lines = out.splitlines()
    assert code == 0 and lines[:3] == ["SHARE001  share.share-of-total", "类别：占比（share）", "级别：错误（error）"]
    chinese = lines.index("占比与其金额、基数不符。")
    assert lines[chinese + 2] == f"英文说明：{rule.description}"
    assert any(line.startswith("不通过示例 1") and line.endswith("：") for line in lines)
    code, out, _ = _run(capsys, "explain", "share001", "--lang", "en")
    assert code == 0 and "英文说明" not in out and "占比与其金额" not in out and rule.description in out.splitlines()


def test_rules_json_carries_the_chinese_description(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--format", "json", "--no-config")
    rows = json.loads(out)["rules"]
    assert code == 0 and all(r["description_zh"] == i18n.catalogue().rules[r["code"]] for r in rows)
    assert all(r["description"] == default_registry(()).get(r["code"]).description for r in rows)


_PACK = """\
rules:
  - id: XTEXT101
    name: mine.demo-note
    category: text
    severity: info
    description: A demo note is left in the report (示例说明).
    description_zh: |
      报告中遗留了
      示例说明。
    message: 示例说明
    pattern:
      regex: 示例说明
  - id: XTEXT102
    name: mine.other-note
    category: text
    severity: info
    description: A draft note is left in the report (草稿).
    message: 草稿
    pattern:
      regex: 草稿
"""


def test_a_rule_pack_gives_its_own_chinese(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(_PACK, encoding="utf-8")
    registry = default_registry((str(pack),))
    own, bare = registry.get("XTEXT101"), registry.get("XTEXT102")
    assert own is not None and bare is not None
    assert i18n.description(own, "zh") == "报告中遗留了示例说明。" and i18n.description(own, "en") == own.description
    assert i18n.chinese(bare) is None and i18n.description(bare, "zh") == "A draft note is left in the report (草稿)."
    shipped = registry.get("SHARE001")
    assert shipped is not None and i18n.description(shipped, "zh") == "占比与其金额、基数不符。"


def test_rules_and_explain_show_a_packs_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(_PACK, encoding="utf-8")
    code, out, _ = _run(capsys, "explain", "XTEXT101", "--rules", str(pack))
    assert code == 0 and "报告中遗留了示例说明。" in out.splitlines()
    assert "英文说明：A demo note is left in the report (示例说明)." in out.splitlines()
    code, out, _ = _run(capsys, "explain", "XTEXT102", "--rules", str(pack))     # no Chinese: English, once
    assert code == 0 and out.count("A draft note is left") == 1 and "英文说明" not in out
    monkeypatch.setenv("COLUMNS", "240")
    code, out, _ = _run(capsys, "rules", "--rules", str(pack), "--no-config")
    assert table_cells(out)["XTEXT101"][4] == "报告中遗留了示例说明。"


def test_description_zh_must_be_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(_PACK.replace("    description_zh: |\n      报告中遗留了\n      示例说明。\n",
                                  "    description_zh: [报告]\n"), encoding="utf-8")
    code, out, err = _run(capsys, "rules", "--rules", str(pack), "--no-config")
    assert code == 2 and out == ""
    assert f"{pack}:7:21: description_zh must be a non-empty string, got a list" in err


def test_the_catalogue_is_read_once() -> None:
    assert i18n.catalogue() is i18n.catalogue()
