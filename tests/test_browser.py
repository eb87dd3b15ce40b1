"""What a person sees: `quotetrack serve` and plain `datasette` opened in a real headless
Chromium (CI runs this file under Datasette 0.65 and under 1.0, see .ci/run).

Screenshots go to $QUOTETRACK_SCREENSHOTS when set (the README's come from there), else to the
test's temporary folder."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("datasette")

from datasette.version import __version__ as datasette_version  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (.ci/run installs Debian's chromium)")

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str], port: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"{command} did not start: " + process.communicate()[1].decode()[-2000:])


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(corpus_db_path):
    port = free_port()
    process, base = start([sys.executable, "-m", "quotetrack", "serve", "--db", str(corpus_db_path), "--port", str(port)], port)
    yield base, port
    stop(process)


def plugin_installed_from_here() -> bool:
    """Whether `datasette` itself will load this checkout's plugin (pip install -e . does it)."""
    for entry in importlib.metadata.entry_points(group="datasette"):
        if entry.name == "quotetrack" and entry.dist is not None:
            origin = entry.dist.read_text("direct_url.json") or ""
            return str(ROOT) in origin or entry.dist.locate_file("").resolve() == ROOT
    return False


def chromium(url: str, profile: Path, *extra: str) -> str:
    result = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def screenshot_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("QUOTETRACK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(url: str, tmp_path: Path, name: str) -> str:
    """The page's DOM after scripts ran, and a screenshot of it as NAME-datasetteVERSION.png."""
    target = screenshot_folder(tmp_path) / f"{name}-datasette{datasette_version.split('.')[0]}.png"
    chromium(url, tmp_path / "profile-shot", f"--screenshot={target}", "--window-size=1280,1000", "--hide-scrollbars")
    assert target.stat().st_size > 10_000  # a rendered page, not a blank one
    return chromium(url, tmp_path / "profile", "--dump-dom")


def link_in(page: str, css: str) -> str:
    return page.split(f'class="{css}" href="')[1].split('"')[0].replace("&amp;", "&")


@needs_chromium
def test_statement_page_in_a_browser(server, tmp_path):
    base, _ = server
    quotes = chromium(f"{base}/quotes/quote_list?text__contains=dangled", tmp_path / "profile", "--dump-dom")
    statement_url = base + link_in(quotes, "quotetrack-statement")
    page = open_page(statement_url, tmp_path, "statement")
    assert page.count('<section class="qt-version') == 2
    assert "Daily Mail" in page and "unknown outlet" in page  # both outlets' versions
    assert page.count("North Korea dangled a meeting in hopes of the") == 2
    assert '<mark class="cosmetic"' in page and ">vice president</mark>" in page  # the highlighted difference
    assert "Nick Ayers, the vice president’s chief of staff" in page  # the speaker as printed
    assert "Resolved to: <a" in page and ">Nick Ayres</a>" in page  # and as resolved
    assert "No outlet gives these words to a different named speaker" in page
    assert "first printing" in page


@needs_chromium
def test_speaker_page_in_a_browser(server, tmp_path):
    base, _ = server
    speakers = chromium(f"{base}/quotes/speaker_list?name=Nick+Ayres", tmp_path / "profile", "--dump-dom")
    page = open_page(base + link_in(speakers, "quotetrack-speaker"), tmp_path, "speaker")
    assert "<h1>Nick Ayres</h1>" in page  # the resolved speaker
    assert "Nick Ayers, the vice president’s chief of staff" in page.split("Spellings and mentions")[1]
    assert "names differ by one letter (Ayers/Ayres)" in page  # the merge and its reason
    assert "<h3>Daily Mail</h3>" in page and "<h3>unknown outlet</h3>" in page  # statements by outlet
    assert page.count("/-/quotetrack/statements/quotes/") >= 2


@needs_chromium
def test_article_page_highlights_the_quote_in_a_browser(server, tmp_path):
    base, _ = server
    page = chromium(f"{base}/quotes/quote_list?text__contains=dangled", tmp_path / "profile", "--dump-dom")
    article = chromium(base + link_in(page, "quotetrack-quote"), tmp_path / "profile", "--dump-dom")
    chosen = article.split('class="quote chosen"')[1].split("</mark>")[0]
    assert "North Korea dangled a meeting" in chosen


@pytest.mark.skipif(not plugin_installed_from_here(), reason="quotetrack is not pip-installed from this checkout (its entry point is what plain datasette loads)")
def test_plain_datasette_serves_the_same_pages(corpus_db_path):
    port = free_port()
    process, base = start([sys.executable, "-m", "datasette", "serve", str(corpus_db_path), "--port", str(port)], port)
    try:
        plugins = urllib.request.urlopen(base + "/-/plugins.json", timeout=10).read().decode()
        assert '"quotetrack"' in plugins
        page = urllib.request.urlopen(base + "/-/quotetrack/statements/quotes/1", timeout=10).read().decode()
        assert '<section class="qt-version' in page
        search = urllib.request.urlopen(base + "/quotes/search_quotes.json?search=U.S.&outlet=&since=&until=", timeout=10)
        assert search.status == 200
        assert "/-/quotetrack/articles/quotes/" in urllib.request.urlopen(base + "/quotes/quote_list", timeout=10).read().decode()
    finally:
        stop(process)


def listening_addresses(port: int) -> set[str]:
    """Addresses with a TCP socket listening on `port`, read from the kernel's table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]) if len(address) == 8 else address)
    return found


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="reads Linux's socket table")
def test_serve_listens_on_localhost_only(server):
    _, port = server
    assert listening_addresses(port) == {"127.0.0.1"}


def test_serve_on_a_busy_port_fails_in_one_line(corpus_db_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "quotetrack", "serve", "--db", str(corpus_db_path), "--port", str(port)],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )
    assert result.returncode != 0
    assert "Serving at" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and f"127.0.0.1:{port}" in result.stderr


def test_serve_passes_datasette_options_and_databases_through(corpus_db_path, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(corpus_db_path, other)
    port = free_port()
    command = [sys.executable, "-m", "quotetrack", "serve", "--db", str(corpus_db_path), "--port", str(port), str(other), "--setting", "default_page_size", "7"]
    process, base = start(command, port)
    try:
        databases = urllib.request.urlopen(base + "/.json", timeout=10).read().decode()
        assert '"other"' in databases and '"quotes"' in databases
        settings = urllib.request.urlopen(base + "/-/settings.json", timeout=10).read().decode()
        assert '"default_page_size": 7' in settings
        assert urllib.request.urlopen(base + "/-/quotetrack/statements/other/1", timeout=10).status == 200
    finally:
        stop(process)


def test_serve_checks_datasette_options_before_announcing(corpus_db_path):
    from click.testing import CliRunner

    from quotetrack.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(corpus_db_path), "--no-such-datasette-option"])
    assert result.exit_code == 2 and "No such option" in result.output
    assert "Serving" not in result.output and "Traceback" not in result.output
