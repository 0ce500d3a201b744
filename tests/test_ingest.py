"""Every kind of bad input gives one line naming the file and the reason, and a non-zero exit."""

from __future__ import annotations

import io
import subprocess
import sys
import zlib

import docx
import pytest

import gixnlp
from gixnlp.cli.main import main

from .conftest import CORPORA


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gixnlp", *args], capture_output=True, text=True, encoding="utf-8")


def _blank_pdf() -> bytes:
    """A valid one-page PDF with no text layer (what a scanned report looks like to a text extractor)."""
    content = zlib.compress(b"0 0 m 100 100 l S")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>stream\n" % len(content) + content + b"\nendstream"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


BAD = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (bytes(range(256)) * 8, "binary"),
    "corrupt.docx": (b"PK\x03\x04 this is not a zip archive at all", "not a readable .docx"),
    "corrupt.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "not a readable PDF (corrupt or truncated): No /Root"),
    "scanned.pdf": (_blank_pdf(), "no text layer"),
    "notes.txt": ("会议纪要：今天讨论了食堂菜单和停车位安排。".encode("utf-8"), "no report structure"),
    "table.xlsx": (b"PK\x03\x04", "unsupported file type"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_one_line_and_nonzero_exit(tmp_path, name):
    data, reason = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("tag", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_missing_file(tmp_path):
    result = run_cli("tag", str(tmp_path / "nope.txt"))
    assert result.returncode == 1 and "no such file" in result.stderr


def test_size_limit_is_configurable(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes((CORPORA / "seeds" / "2021-tuchang-zhen.txt").read_bytes())
    result = run_cli("tag", str(path), "--max-size", "0.001")
    assert result.returncode == 1 and "size limit" in result.stderr
    assert run_cli("tag", str(path)).returncode == 0


def test_debug_shows_traceback(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run_cli("tag", str(path), "--debug")
    assert result.returncode == 1 and "Traceback" in result.stderr


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_other_encodings_give_identical_output(tmp_path, capsys, encoding):
    original = CORPORA / "seeds" / "2021-zhaobao-zhen.txt"
    copy = tmp_path / original.name
    copy.write_bytes(original.read_text(encoding="utf-8").encode(encoding))
    main(["tag", "--format", "json", str(original)])
    expected = capsys.readouterr().out.replace(str(original), "SOURCE")
    main(["tag", "--format", "json", str(copy)])
    assert capsys.readouterr().out.replace(str(copy), "SOURCE") == expected


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("某镇2021年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2021年，我镇主动公开政府信息120条。")
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=2, cols=4)
    for cell, value in zip(table.rows[0].cells, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["规章", "1", "0", "3"]):
        cell.text = value
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph("一是人员数量少。")
    path = tmp_path / "r.docx"
    document.save(path)
    report = gixnlp.read(path)
    assert [s.code for s in report.sections] == ["overview", "proactive_table", "problems"]
    assert report.tables["proactive"].rows["规章"] == {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 3}


def test_html_drops_navigation_and_scripts_keeps_rows(tmp_path):
    html = """<html><head><meta charset="gb2312"><script>var x='一、总体情况';</script></head><body>
    <nav>首页 | 政务公开 | 一、总体情况导航</nav>
    <h1>某局2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>2022年，我局公开信息45条。</p>
    <p>二、主动公开政府信息情况</p><table><tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr><tr><td>规章</td><td>0</td><td>0</td><td>2</td></tr></table>
    <p>五、存在的主要问题及改进情况</p><p>一是公开不够及时。</p><footer>版权所有</footer></body></html>"""
    path = tmp_path / "r.html"
    path.write_bytes(html.encode("gb18030"))
    report = gixnlp.read(path)
    assert "var x" not in report.text and "导航" not in report.text and "版权所有" not in report.text
    assert report.section("overview").heading == "一、总体情况"
    assert report.tables["proactive"].rows["规章"]["现行有效件数"] == 2


def test_template_docx_reads():
    report = gixnlp.read(CORPORA / "originals" / "zhengwu-gongkai-nianbao-moban_template.docx")
    assert len(report.sections) == 6
