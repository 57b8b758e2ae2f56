"""What keeps a `check` process's start cheap without changing what it finds:
the parsed-TOML cache (assistant.policy.datafile) and patterns compiled on
first use (assistant.core.lazy_re). Speed itself is measured by
bench/cold_start.py, never here."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from assistant.core.lazy_re import LazyPattern, lazy
from assistant.policy import datafile

TEXT = '[a]\nwords = ["one", "two"]\nlimit = 3\nratio = 0.5\n[a.b]\nflag = true\n'


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("MAIL_ASSISTANT_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "cache" / "data"


def _no_tomllib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any parse from now on fails: only the cache can answer."""
    monkeypatch.setitem(sys.modules, "tomllib", None)


def test_the_second_load_comes_from_the_cache_and_equals_the_parse(cache: Path, monkeypatch) -> None:
    first = datafile.loads_toml(TEXT, "words.toml")
    assert first == tomllib.loads(TEXT)
    entries = list(cache.iterdir())
    assert len(entries) == 1 and entries[0].name.startswith("words.toml-")
    _no_tomllib(monkeypatch)
    assert datafile.loads_toml(TEXT, "words.toml") == first


def test_edited_text_is_parsed_again_never_served_stale(cache: Path) -> None:
    datafile.loads_toml(TEXT, "words.toml")
    edited = TEXT.replace("limit = 3", "limit = 4")
    assert datafile.loads_toml(edited, "words.toml")["a"]["limit"] == 4
    assert len(list(cache.iterdir())) == 2


def test_a_damaged_entry_falls_back_to_parsing(cache: Path) -> None:
    datafile.loads_toml(TEXT, "words.toml")
    (entry,) = cache.iterdir()
    entry.write_bytes(b"\x00garbage")
    assert datafile.loads_toml(TEXT, "words.toml") == tomllib.loads(TEXT)
    (entry,) = cache.iterdir()
    assert entry.read_bytes() != b"\x00garbage"  # rewritten with the good parse


def test_an_unwritable_cache_still_parses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("MAIL_ASSISTANT_HOME", str(blocker))
    assert datafile.loads_toml(TEXT, "words.toml") == tomllib.loads(TEXT)


def test_a_toml_error_still_raises_the_toml_error(cache: Path) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        datafile.loads_toml("[a\nb = ", "bad.toml")


def test_values_marshal_cannot_hold_are_parsed_every_time(cache: Path) -> None:
    dated = "when = 2024-05-01\n"
    assert str(datafile.loads_toml(dated, "dated.toml")["when"]) == "2024-05-01"
    assert not cache.exists() or not list(cache.iterdir())


def test_the_shipped_files_load_the_same_from_the_cache(cache: Path, monkeypatch) -> None:
    from importlib import resources

    from assistant.rules import DATA_FILES

    texts = {n: resources.files("assistant.rules").joinpath("data", n).read_text("utf-8") for n in DATA_FILES}
    parsed = {n: datafile.loads_toml(t, n) for n, t in texts.items()}
    _no_tomllib(monkeypatch)
    assert {n: datafile.loads_toml(t, n) for n, t in texts.items()} == parsed
    assert parsed == {n: tomllib.loads(t) for n, t in texts.items()}


def test_the_default_policy_is_the_same_with_a_warm_cache(cache: Path, monkeypatch) -> None:
    from assistant.policy import load_policy

    cold = load_policy().data
    _no_tomllib(monkeypatch)
    assert load_policy().data == cold and cold["notice"]["text"]


def test_a_lazy_pattern_compiles_on_first_use_and_matches_as_re_does() -> None:
    p = lazy(r"(\d+)-(\d+)", re.I)
    assert isinstance(p, LazyPattern) and "match" not in vars(p)
    assert p.pattern == r"(\d+)-(\d+)" and "match" not in vars(p)  # reading the text does not compile
    assert p.search("pages 12-14").groups() == ("12", "14")
    assert "match" in vars(p)  # bound after the first use: no __getattr__ per call
    real = re.compile(r"(\d+)-(\d+)", re.I)
    for s in ("1-2", "x", "a 3-4 b 5-6"):
        assert bool(p.match(s)) == bool(real.match(s))
        assert p.findall(s) == real.findall(s) and p.sub("#", s) == real.sub("#", s)
    assert p.groups == 2 and p.flags == real.flags


def test_a_lazy_pattern_has_no_special_methods_by_accident() -> None:
    p = lazy("a")
    with pytest.raises(AttributeError):
        p.__deepcopy_missing__  # noqa: B018
    assert "match" not in vars(p)


_REPORT_GC = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: print('gc', gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr))\n"
    "from assistant.cli import main\n"
    "sys.argv = ['mail-assistant', *sys.argv[1:]]\n"
    "main()\n"
)


@pytest.mark.parametrize(("args", "status"), [
    (["check", "examples/teacher-to-parents.eml"], 2),  # a command ran
    (["--version"], 0),  # no command loaded
    (["check", "--format", "yaml", "x.eml"], 3),  # a usage error after the command loaded
])
def test_the_cli_collects_garbage_again_once_started(args, status) -> None:
    # Start-up runs without the cycle collector; whatever path main() takes, collection
    # is back on afterwards, with the start-up's objects frozen out of it.
    import subprocess

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", _REPORT_GC, *args], capture_output=True, text=True, cwd=root,
                          timeout=120)
    assert done.returncode == status, done.stderr
    assert "gc True True" in done.stderr


# -- `check` to a pipe runs without click, and prints exactly what click prints ------------

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "examples/teacher-to-parents.eml"
_MAIN = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('click imported:', 'click' in sys.modules, file=sys.stderr))\n"
    "sys.argv = ['mail-assistant', *sys.argv[1:]]\n"
    "from assistant.cli import main\n"
    "main()\n"
)


def _main(args: list[str], cwd: Path = ROOT) -> tuple[int, str, str, bool]:
    """``mail-assistant ARGS`` as a process with its output to pipes: status, stdout,
    stderr, and whether click was imported."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _MAIN, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)
    err, _, last = done.stderr.rstrip("\n").rpartition("\n")
    err = err + "\n" if err else ""
    if not last.startswith("click imported:"):
        err, last = done.stderr, "click imported: ?"
    return done.returncode, done.stdout, err, last.endswith("True")


def _click(args: list[str]) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from assistant.cli import cli

    r = CliRunner().invoke(cli, args)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def drafts(tmp_path: Path) -> dict[str, str]:
    clean = tmp_path / "clean.txt"
    clean.write_text("Hi Dana,\n\nThe room is booked for Tuesday.\n\nThanks,\nLee Park\nTeacher, Oak Elementary\n"
                     "lpark@mdusd.org\n")
    bad_policy = tmp_path / "policy.toml"
    bad_policy.write_text("[thresholds]\nno_such_key = 3\n")
    return {"clean": str(clean), "missing": str(tmp_path / "nowhere.eml"), "policy": str(bad_policy),
            "folder": str(tmp_path)}


@pytest.mark.parametrize("args", [
    ["check", EXAMPLE],
    ["check", "--format", "json", EXAMPLE],
    ["check", "--format=json", "--only", "EM101,CF101", EXAMPLE],
    ["check", "{clean}", EXAMPLE, "--only=EM804"],
    ["check", "{missing}", EXAMPLE],
    ["check", "--format", "json", "{missing}", "{clean}"],
    ["check", "--only", "XX999", EXAMPLE],
    ["check", "--policy", "{policy}", EXAMPLE],
])
def test_check_to_a_pipe_skips_click_and_prints_what_click_prints(args, drafts) -> None:
    args = [a.format(**drafts) for a in args]
    status, out, err, click_used = _main(args)
    assert not click_used
    assert (status, out, err) == _click(args)
    assert out or err  # something was said


@pytest.mark.parametrize(("args", "status", "says"), [
    (["check", "--explain", EXAMPLE], 2, "quoted history"),  # rich draws the split: click's path
    (["check"], 3, "Missing argument 'FILES...'"),  # usage errors are click's (exit 3, assistant.cli)
    (["check", "{folder}"], 3, "is a directory"),
    (["check", "--format", "yaml", EXAMPLE], 3, "'yaml' is not one of"),
    (["check", "--only", "EM101", "--only", "EM804", EXAMPLE], 1, "EM804"),  # repeated: click's last wins
    (["check", "--", EXAMPLE], 2, "EM501"),
    (["check", "--help"], 0, "Usage: mail-assistant check"),
])
def test_anything_else_is_left_to_click(args, status, says, drafts) -> None:
    args = [a.format(**drafts) for a in args]
    got, out, err, click_used = _main(args)
    assert click_used
    assert got == status and says in out + err


def test_the_quick_path_styles_as_click_does() -> None:
    import click

    from assistant.commands.check_report import _ANSI, _Plain

    plain = _Plain()
    texts = ["EM101", "fix: caps (unsafe)", "a\x1b[31mred\x1b[0m word", "\x1b[", "…“quoted”"]
    styles = [{"fg": "red", "bold": True}, {"fg": "yellow"}, {"fg": "cyan"}, {"fg": "green"}, {"bold": True},
              {"dim": True}, {"reverse": True}]
    for text in texts:
        for kw in styles:
            assert plain.style(text, **kw) == click.style(text, **kw)
            assert _ANSI.sub("", plain.style(text, **kw)) == click.unstyle(click.style(text, **kw))


def test_check_on_a_terminal_is_clicks_styled_report(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-c", _MAIN, "check", EXAMPLE], stdout=follower,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    shown = b"".join(chunks).decode()
    assert done.returncode == 2 and done.stderr.strip().endswith("click imported: True")
    assert "\x1b[31m\x1b[1mEM501" in shown  # red and bold, as click styles an error code


def test_package_data_is_read_from_the_package_folder(tmp_path: Path) -> None:
    from importlib import resources

    shipped = resources.files("assistant.policy").joinpath("bp1114.toml").read_text("utf-8")
    import assistant.policy as policy_package

    assert datafile.read_package_text("assistant.policy", policy_package.__file__, "bp1114.toml") == shipped
    with pytest.raises(FileNotFoundError):
        datafile.read_package_text("assistant.policy", policy_package.__file__, "no-such.toml")


def test_any_parsed_form_is_cached_by_the_bytes_it_came_from(cache: Path) -> None:
    calls = []

    def parse() -> list[str]:
        calls.append(1)
        return ["ana", "beto", "chen"]

    raw = b"ana\nbeto\nchen\n"
    assert datafile.parsed("names-v1", raw, parse, list) == ["ana", "beto", "chen"]
    assert datafile.parsed("names-v1", raw, parse, list) == ["ana", "beto", "chen"] and len(calls) == 1
    assert datafile.parsed("names-v2", raw, parse, list) and len(calls) == 2  # a new meaning, a new entry
    # A cached value of the wrong kind (another program's entry) is parsed again, not trusted.
    assert datafile.parsed("names-v1", raw, lambda: {"a": 1}, dict) == {"a": 1} and len(calls) == 2
