"""``gixnlp tag``: the JSON contract of OUTPUT.md and a readable text view."""

import json

from gixnlp import analyse, read
from gixnlp.cli.main import main
from gixnlp.render.text import render
from gixnlp.report import SECTION_CODES


def test_json_contract(seed, capsys):
    assert main(["tag", "--format", "json", str(seed("2022-lijiashan-zhen"))]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "gixnlp.report/1"
    assert [s["code"] for s in data["sections"]] == list(SECTION_CODES)
    assert {s["code"]: s["found"] for s in data["sections"]}["other"] is False
    for field in ("source", "title", "agency", "year", "edition", "units", "tables", "findings", "score"):
        assert field in data
    unit = data["units"][0]
    for field in ("section", "heading", "text", "role", "role_score", "themes", "theme_scores", "boilerplate",
                  "boilerplate_score"):
        assert field in unit
    assert data["year"] == 2022


def test_text_view_shows_sections_and_units(seed, capsys):
    assert main(["tag", str(seed("2021-tuchang-zhen"))]) == 0
    out = capsys.readouterr().out
    assert "五、存在的主要问题及改进情况" in out and "Units (" in out and "✓" in out


def test_text_view_keeps_label_columns_apart(seed):
    """The longest role and a long theme list still leave a space before the next column."""
    data = analyse(read(seed("2021-tuchang-zhen")))
    data["units"][0].update(role="rectification", themes=["request", "staffing", "standardization", "quality"],
                            boilerplate=True)
    line = next(line for line in render(data).splitlines() if "rectification" in line)
    assert "rectification request," in line and "quality 套话" in line


def test_help_teaches(capsys):
    try:
        main(["tag", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "--format" in out
