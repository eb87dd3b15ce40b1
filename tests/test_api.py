"""The public API at the package root, through the README's example, run exactly as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

import quotetrack
from tests.conftest import CORPUS, ROOT

EXAMPLE = re.compile(r"<!-- README example:.*?-->\n```python\n(.*?)```\n\n```text\n(.*?)```", re.S)


def test_readme_example_runs_as_written(tmp_path):
    code, expected = EXAMPLE.search((ROOT / "README.md").read_text(encoding="utf-8")).groups()
    shutil.copytree(CORPUS, tmp_path / "corpus")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == expected


@pytest.mark.parametrize(
    "name", ["Article", "Quote", "Extractor", "QuoteFinder", "open_db", "ingest", "QuotetrackError", "UnknownScope"]
)
def test_public_names_resolve(name):
    assert getattr(quotetrack, name).__name__ == name


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        quotetrack.nothing  # noqa: B018


def test_extract_rejects_an_unknown_scope():
    with pytest.raises(quotetrack.UnknownScope, match="unknown scope 'all'"):
        quotetrack.extract("“Yes,” she said.", scope="all")
