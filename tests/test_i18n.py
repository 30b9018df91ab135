"""Chinese for the people who read the reports (issue 14): the catalogue auditor/data/i18n.yaml covers every rule,
category and severity; --lang zh (the default, or AUDITOR_LANG) and --lang en; machine formats unchanged."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from auditor import i18n
from auditor.cli import main
from auditor.engine import CATEGORIES, SEVERITIES
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


def test_description_zh_must_be_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(_PACK.replace("    description_zh: |\n      报告中遗留了\n      示例说明。\n",
                                  "    description_zh: [报告]\n"), encoding="utf-8")
    code, out, err = _run(capsys, "rules", "--rules", str(pack), "--no-config")
    assert code == 2 and out == ""
    assert f"{pack}:7:21: description_zh must be a non-empty string, got a list" in err


def test_the_catalogue_is_read_once() -> None:
    assert i18n.catalogue() is i18n.catalogue()
