"""Configuration files: discovery, settings, per-path overrides, CLI precedence, mistakes with their place."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.cli import main

SEED0 = Path(__file__).resolve().parent.parent / "fixtures" / "000_5b27a47f95f91fcd.txt"


def _lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(["lint", "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out)["files"][0]["findings"] if out else []), err


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "reports" / "old").mkdir(parents=True)
    shutil.copy(SEED0, tmp_path / "reports" / "r.txt")
    shutil.copy(SEED0, tmp_path / "reports" / "old" / "r.txt")
    return tmp_path


def test_pyproject_settings_apply(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.auditor]\nignore = ["MISS001", "numbering"]\n'
                                            'fail-on = "error"\n\n[tool.auditor.severity]\nEMPTY001 = "info"\n',
                                            encoding="utf-8")
    code, found, _ = _lint(capsys, str(project / "reports" / "r.txt"))
    assert [(f["rule"], f["severity"]) for f in found] == [("NUM001", "error"), ("EMPTY001", "info"),
                                                           ("EMPTY001", "info")]
    assert code == 1
    # CLI flags override the file
    code, found, _ = _lint(capsys, "--select", "EMPTY001", "--fail-on", "never", str(project / "reports" / "r.txt"))
    assert code == 0 and {f["rule"] for f in found} == {"EMPTY001"}


def test_auditor_toml_per_path_overrides(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "auditor.toml").write_text('select = ["NUM001", "EMPTY001"]\n\n[per-path."reports/old/*"]\n'
                                          'ignore = ["EMPTY001"]\n', encoding="utf-8")
    _code, new, _ = _lint(capsys, str(project / "reports" / "r.txt"))
    _code, old, _ = _lint(capsys, str(project / "reports" / "old" / "r.txt"))
    assert [f["rule"] for f in new] == ["NUM001", "EMPTY001", "EMPTY001"]
    assert [f["rule"] for f in old] == ["NUM001"]


@pytest.mark.parametrize(("body", "message"), [
    ('selekt = ["NUM001"]\n', "auditor.toml:1: unknown setting 'selekt'; did you mean 'select'?"),
    ('fail-on = "sometimes"\n', "auditor.toml:1: fail-on must be one of error, warning, info, never"),
    ('\n[severity]\nNUM001 = "fatal"\n', "auditor.toml:3: severity of NUM001 must be one of error, warning, info"),
    ('[per-path."x/*"]\nignor = ["A"]\n', "auditor.toml:2: unknown per-path setting 'ignor'; did you mean 'ignore'?"),
    # invalid TOML at its place too (it was 'auditor.toml: invalid TOML: … (at line 2, column 1)', no file:line)
    ('select = [\n', "auditor.toml:2:1: invalid TOML: Invalid value\n"),
    ('ignore = ["A"\nselect = 3\n', "auditor.toml:2:1: invalid TOML: Unclosed array\n"),
])
def test_mistakes_are_reported_with_their_place(project: Path, capsys: pytest.CaptureFixture[str], body: str,
                                                message: str) -> None:
    (project / "auditor.toml").write_text(body, encoding="utf-8")
    code, _found, err = _lint(capsys, str(project / "reports" / "r.txt"))
    assert code == 2 and message in err


def test_no_config_flag(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "auditor.toml").write_text('select = ["NUM001"]\n', encoding="utf-8")
    _c, found, _ = _lint(capsys, "--no-config", str(project / "reports" / "r.txt"))
    assert len(found) == 5


def test_each_report_follows_the_configuration_above_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, body in (("a", 'select = ["NUM001"]\n'), ("b", 'select = ["EMPTY001"]\nfail-on = "never"\n')):
        (tmp_path / name).mkdir()
        shutil.copy(SEED0, tmp_path / name / "r.txt")
        (tmp_path / name / "auditor.toml").write_text(body, encoding="utf-8")
    code = main(["lint", "--format", "json", str(tmp_path / "a" / "r.txt"), str(tmp_path / "b" / "r.txt")])
    files = json.loads(capsys.readouterr().out)["files"]
    assert [sorted({f["rule"] for f in e["findings"]}) for e in files] == [["NUM001"], ["EMPTY001"]]
    assert code == 1    # a's NUM001 fails; b's findings never fail


def test_cli_select_overrides_the_configuration_with_severity_and_per_path(project: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    # issue 14, defect 1: a configuration with [severity] or per-path entries narrowed --select to its own select
    (project / "auditor.toml").write_text('select = ["NUM001"]\n\n[severity]\nNUM001 = "warning"\n\n'
                                          '[per-path."reports/old/*"]\nselect = ["NUM001"]\n', encoding="utf-8")
    for report in (project / "reports" / "r.txt", project / "reports" / "old" / "r.txt"):
        code, found, _ = _lint(capsys, "--select", "EMPTY001", str(report))
        assert code == 1 and [f["rule"] for f in found] == ["EMPTY001", "EMPTY001"]
    # without --select the configuration's select (and the per-path one) still apply, severity overridden
    _code, found, _ = _lint(capsys, str(project / "reports" / "old" / "r.txt"))
    assert [(f["rule"], f["severity"]) for f in found] == [("NUM001", "warning")]


def test_per_path_ignore_still_applies_under_cli_select(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "auditor.toml").write_text('[per-path."reports/old/*"]\nignore = ["EMPTY001"]\n', encoding="utf-8")
    _code, found, _ = _lint(capsys, "--select", "EMPTY001,NUM001", str(project / "reports" / "old" / "r.txt"))
    assert [f["rule"] for f in found] == ["NUM001"]


@pytest.mark.parametrize(("body", "message"), [
    # issue 14, defect 2: typos that silenced findings and passed CI
    ('[per-path."reports/*"]\nselect = ["SHRE001"]\n',
     ("auditor.toml:2: unknown rule, prefix or category 'SHRE001' in per-path 'reports/*' select; "
     "did you mean 'SHARE001'?")),
    ('[severity]\nEMPTY01 = "error"\n',
     "auditor.toml:2: unknown rule, prefix or category 'EMPTY01' in severity; did you mean 'EMPTY001'?"),
    ('select = [\n  "NUM001",\n  "SHAR001",\n]\n',
     "auditor.toml:3: unknown rule, prefix or category 'SHAR001' in select; did you mean 'SHARE001'?"),
    ('ignore = ["numbring"]\n', ("auditor.toml:1: unknown rule, prefix or category 'numbring' in ignore; "
                                "did you mean 'numbering'?")),
    ('\n\nprofile = "hunnan"\n', "auditor.toml:3: unknown profile 'hunnan'; did you mean 'hunan'?"),
    ('rules = [\n  "my-rules",\n]\n', "auditor.toml:2: rules 'my-rules': no such file or folder"),
])
def test_configuration_values_are_checked_with_their_place(project: Path, capsys: pytest.CaptureFixture[str],
                                                           body: str, message: str) -> None:
    (project / "auditor.toml").write_text(body, encoding="utf-8")
    code, found, err = _lint(capsys, str(project / "reports" / "r.txt"))
    assert (code, found) == (2, []) and message in err, err


def test_pyproject_rule_keys_are_placed_in_the_pyproject(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.auditor]\nselect = ["NUM001"]\n\n'
                                            '[tool.auditor.per-path."old/*"]\nignore = ["NUM001"]\n\n'
                                            '[tool.auditor.severity]\nNUM01 = "info"\n', encoding="utf-8")
    code, _found, err = _lint(capsys, str(project / "reports" / "r.txt"))
    assert code == 2 and "pyproject.toml:11: unknown rule, prefix or category 'NUM01' in severity" in err


def test_unknown_cli_key_suggests_the_closest(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _found, err = _lint(capsys, "--no-config", "--select", "share01", str(project / "reports" / "r.txt"))
    assert code == 2 and "unknown rule, prefix or category: share01; did you mean 'SHARE001'?" in err
