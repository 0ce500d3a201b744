"""The package list in pyproject.toml is explicit (models/ installs as gixnlp/models): keep it complete."""

from __future__ import annotations

import re

from .conftest import ROOT


def test_every_package_folder_is_listed_in_pyproject():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    listed = set(re.findall(r'"(gixnlp(?:\.\w+)?)"', re.search(r"packages = \[(.*?)\]", text, re.S).group(1)))
    folders = {"gixnlp." + p.parent.name for p in (ROOT / "gixnlp").glob("*/*.py")} | {"gixnlp"}
    assert folders - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert "gixnlp.models" in listed and (ROOT / "models" / "default" / "meta.json").exists()
