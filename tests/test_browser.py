"""What a person sees: `quotetrack serve` opened in a real headless Chromium."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytest.importorskip("datasette")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (.ci/run installs Debian's chromium)")

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(corpus_db_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "quotetrack", "serve", "--db", str(corpus_db_path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("quotetrack serve did not start: " + process.stderr.read().decode())
    yield base
    process.terminate()
    process.wait(timeout=10)


def dom(url: str, tmp_path) -> str:
    result = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_quotes_page_in_a_browser(server, tmp_path):
    page = dom(f"{server}/quotes/quotes_view?text__contains=dangled", tmp_path)
    assert "Quotes with speaker, article and outlet, readable." in page  # the view's description
    assert page.count("North Korea dangled a meeting") == 2
    assert "Nick Ayers, the vice president’s chief of staff" in page  # the mention as printed
    assert "Daily Mail" in page


def test_article_page_highlights_the_quote_in_a_browser(server, tmp_path):
    page = dom(f"{server}/quotes/quotes?_search=dangled", tmp_path)
    link = page.split('class="quotetrack-quote" href="')[1].split('"')[0].replace("&amp;", "&")
    article = dom(server + link, tmp_path)
    assert '<mark class="quote chosen"' in article
    assert "North Korea cancelled secret with meeting with Pence" in article or "Bailed" in article

