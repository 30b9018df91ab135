"""Scaling benchmark (issue 12): lint time of generated reports of dense 其中 / 占 / 较上年 sentences and tables
in text, from 20 KB to 2 MB, each linted by `auditor lint --format json` in a process of its own.

    python benchmarks/scaling.py [--sizes 20,100,500,1000,2000] [--max-seconds-1mb 2.0]

Prints a table (size, figures, seconds, microseconds per KB) and exits 1 when the 1 MB report takes longer
than the bar, or when time per KB at the largest size is more than twice that at 100 KB (not linear).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("基本支出", "项目支出", "人员经费", "公用经费", "一般公共预算财政拨款支出", "“三公”经费", "政府性基金预算支出")


def report(size_kb: int, seed: int = 12) -> str:
    """A report of about ``size_kb`` KB (UTF-8): numbered sections of 其中/占/较上年 sentences, and now and
    then a table in text whose rows carry 预算数, 决算数, 占预算% and 比上年增长%."""
    rnd = random.Random(seed)
    out = ["2024年度某县教育局部门决算情况说明\n"]
    size, section = 0, 0
    while size < size_kb * 1024:
        section += 1
        block = [f"{_cn(section % 99 + 1)}、第{section}部分支出情况\n"]
        for k in range(1, 9):
            a, b = rnd.randint(1000, 9999), rnd.randint(100, 999)
            total = a + b
            last = total - rnd.randint(10, 99)
            label = LABELS[rnd.randrange(len(LABELS))]
            block.append(f"（{_cn(k)}）2024年{label}{total}.00万元，其中人员经费{a}.00万元，公用经费{b}.00万元，"
                         f"人员经费占{a / total * 100:.2f}%，较上年增加{total - last}.00万元，"
                         f"增长{(total - last) / last * 100:.2f}%。\n")
        block.append("表 支出决算明细表  单位：万元\n")
        for r in range(6):
            budget, final = rnd.randint(10000, 99999), rnd.randint(10000, 99999)
            prev = rnd.randint(10000, 99999)
            block.append(f"{_cn(r + 1)}、科目{r}      {budget}      {final}      {final / budget * 100:.1f}"
                         f"      {(final / prev - 1) * 100:.1f}\n")
        text = "".join(block)
        out.append(text)
        size += len(text.encode("utf-8"))
    return "".join(out)


def _file_error(stdout: str) -> str:
    """The error the JSON output gives for the file (a report refused for its size is reported there)."""
    try:
        return str(json.loads(stdout)["files"][0]["error"])
    except (ValueError, KeyError, IndexError, TypeError):
        return stdout.strip()[-200:]


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20,100,500,1000,2000", help="report sizes in KB")
    ap.add_argument("--max-seconds-1mb", type=float, default=2.0)
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    rows = []
    refused: list[str] = []
    with tempfile.TemporaryDirectory(prefix="scaling-") as tmp:
        empty = Path(tmp) / "empty.txt"
        empty.write_text("说明。\n", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "auditor", "lint", "--format", "json", str(empty)], cwd=ROOT,
                       capture_output=True, check=False)
        startup = time.perf_counter() - start
        for kb in sizes:
            path = Path(tmp) / f"r{kb}.txt"
            text = report(kb)
            path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "auditor", "lint", "--format", "json", str(path)], cwd=ROOT,
                                 capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - start
            if run.returncode not in (0, 1):
                why = run.stderr.strip()[-200:] or _file_error(run.stdout)
                refused.append(f"{kb} KB: auditor exited {run.returncode}: {why}")
                continue        # the other sizes are still timed and shown
            figures = sum(ch.isdigit() for ch in text)   # a rough density figure: digits in the report
            rows.append((kb, len(text.encode('utf-8')), figures, seconds))
    print(f"startup (a one-line report): {startup:.2f} s")
    print(f"{'size':>8} {'bytes':>10} {'digits':>9} {'seconds':>8} {'µs/KB (minus startup)':>22}")
    per_kb = {}
    for kb, nbytes, figures, seconds in rows:
        per_kb[kb] = (seconds - startup) * 1e6 / (nbytes / 1024)
        print(f"{kb:>6}KB {nbytes:>10} {figures:>9} {seconds:>8.2f} {per_kb[kb]:>22.0f}")
    for line in refused:
        print(line)
    ok = not refused
    one_mb = next((s for kb, _b, _f, s in rows if kb == 1000), None)
    if one_mb is not None and one_mb > a.max_seconds_1mb:
        print(f"1 MB took {one_mb:.2f} s, above {a.max_seconds_1mb} s")
        ok = False
    if 100 in per_kb and max(per_kb) > 100 and per_kb[max(per_kb)] > 2 * per_kb[100]:
        print(f"not linear: {per_kb[max(per_kb)]:.0f} µs/KB at {max(per_kb)} KB against {per_kb[100]:.0f} at 100 KB")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
