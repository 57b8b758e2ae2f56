"""Every write of the settings carries the version the user saw (issue 8, "The bar").

The Settings page and `signature set` read the settings with their version and save
with it; a save made from a version that is no longer on disk is a CONFLICT and
writes nothing. The concurrent writers here are real: a second Python process
saving through the same use case (as the window's server would), started either
before the stale save or at the moment just before its rename (the
``BEFORE_REPLACE_HOOKS`` seam of ``assistant.config.write_atomic``), and threads
of one process (the server's worker pool).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant import config
from assistant.app.context import AppContext
from assistant.app.errors import AppError, Kind
from assistant.app.settings import settings
from assistant.app.settings_file import ABSENT, STALE, version_of
from assistant.app.signature import save_signature, signature_form

ALICE = {"name": "Alice Wong", "title": "Principal", "school": "Oak Hollow Elementary", "phone": "925-555-0101"}
BOB = {"name": "Bob Ray", "title": "Counselor", "school": "Oak Hollow Elementary", "phone": "925-555-0102"}

# The other writer: a separate process saving through the same use case, with the
# version it is given (or the one it reads itself, like a freshly loaded page).
OTHER_WRITER = """
import json, sys
from assistant.app.context import AppContext
from assistant.app.signature import save_signature, signature_form
ctx = AppContext.create()
version = sys.argv[2] if len(sys.argv) > 2 else signature_form(ctx).version
print(save_signature(ctx, json.loads(sys.argv[1]), version).version)
"""


def other_process_saves(fields: dict[str, str], version: str | None = None) -> str:
    args = [sys.executable, "-c", OTHER_WRITER, json.dumps(fields)] + ([version] if version else [])
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def settings_file() -> Path:
    return config.config_path()


@pytest.fixture
def ctx() -> AppContext:
    return AppContext.create()


def test_the_view_carries_the_version_and_a_save_returns_the_next(ctx):
    assert not settings_file().exists()
    first = signature_form(ctx)
    assert first.version == ABSENT
    saved = save_signature(ctx, ALICE, first.version)
    on_disk = settings_file().read_bytes()
    assert saved.version == version_of(on_disk) != ABSENT
    assert settings(ctx).signature.version == saved.version  # what the Settings page loads
    again = save_signature(ctx, BOB, saved.version)  # the page saves again with what it got back
    assert again.version == version_of(settings_file().read_bytes()) != saved.version
    assert json.loads(settings_file().read_text("utf-8"))["signature"]["name"] == "Bob Ray"


def test_two_saves_of_one_version_first_wins_second_is_refused(ctx):
    save_signature(ctx, ALICE, ABSENT)
    seen = signature_form(ctx).version  # the window loads the settings
    other_process_saves(BOB, seen)  # another process saves from the same version: it was current
    holds = settings_file().read_bytes()
    with pytest.raises(AppError) as err:
        save_signature(ctx, {**ALICE, "title": "Vice Principal"}, seen)
    assert err.value.kind is Kind.CONFLICT and err.value.message == STALE
    assert settings_file().read_bytes() == holds  # nothing written
    assert json.loads(holds)["signature"]["name"] == "Bob Ray"
    # The person reloads and saves again: that version is current, so it is saved.
    fresh = signature_form(ctx)
    assert fresh.fields["name"] == "Bob Ray"
    save_signature(ctx, {**ALICE, "title": "Vice Principal"}, fresh.version)
    assert json.loads(settings_file().read_text("utf-8"))["signature"]["title"] == "Vice Principal"


def test_a_save_landing_just_before_the_rename_is_detected(ctx):
    """The other process saves after this save checked the version and before it
    renames its file into place: the stamp check refuses, the other save stays."""
    seen = save_signature(ctx, ALICE, ABSENT).version
    ran: list[str] = []

    def other_writer(path: Path) -> None:
        config.BEFORE_REPLACE_HOOKS.clear()  # once
        ran.append(other_process_saves(BOB))  # loads the settings (still `seen`) and saves

    config.BEFORE_REPLACE_HOOKS.append(other_writer)
    try:
        with pytest.raises(AppError) as err:
            save_signature(ctx, {**ALICE, "phone": "925-555-0199"}, seen)
    finally:
        config.BEFORE_REPLACE_HOOKS.clear()
    assert ran and err.value.kind is Kind.CONFLICT
    data = json.loads(settings_file().read_text("utf-8"))
    assert data["signature"]["name"] == "Bob Ray" and version_of(settings_file().read_bytes()) == ran[0]
    assert not list(settings_file().parent.glob(".config.json.*.tmp"))  # the refused write left nothing


def test_eight_threads_saving_one_version_exactly_one_wins(ctx):
    seen = save_signature(ctx, ALICE, ABSENT).version
    start = threading.Barrier(8)
    outcomes: dict[str, str] = {}

    def save(i: int) -> None:
        name = f"Writer Number{'x' * i}"
        start.wait()
        try:
            save_signature(ctx, {**ALICE, "name": name}, seen)
            outcomes[name] = "saved"
        except AppError as exc:
            outcomes[name] = exc.kind.value

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    saved = [n for n, o in outcomes.items() if o == "saved"]
    assert len(outcomes) == 8 and len(saved) == 1
    assert sorted(o for o in outcomes.values() if o != "saved") == ["conflict"] * 7
    assert json.loads(settings_file().read_text("utf-8"))["signature"]["name"] == saved[0]


def test_a_save_without_a_version_or_with_a_wrong_type_is_bad_input(ctx):
    save_signature(ctx, ALICE, ABSENT)
    before = settings_file().read_bytes()
    for version in (None, 42, ["x"]):
        with pytest.raises(AppError) as err:
            save_signature(ctx, BOB, version)
        assert err.value.kind is Kind.BAD_INPUT and "version" in err.value.message
    assert settings_file().read_bytes() == before


def test_a_first_save_from_an_empty_folder_is_refused_once_another_created_the_file(ctx):
    assert signature_form(ctx).version == ABSENT
    other_process_saves(BOB, ABSENT)
    with pytest.raises(AppError) as err:
        save_signature(ctx, ALICE, ABSENT)
    assert err.value.kind is Kind.CONFLICT
    assert json.loads(settings_file().read_text("utf-8"))["signature"]["name"] == "Bob Ray"


def test_a_versioned_save_keeps_the_other_sections_and_the_history(ctx):
    config.update_section("account", {"email": "awong@mdusd.org", "server": "https://mail.mdusd.org/EWS/Exchange.asmx"})
    seen = signature_form(ctx).version
    first = save_signature(ctx, ALICE, seen)
    save_signature(ctx, BOB, first.version)
    data = json.loads(settings_file().read_text("utf-8"))
    assert data["account"]["email"] == "awong@mdusd.org"
    assert data["signature"]["name"] == "Bob Ray"
    assert data[config.SIGNATURE_HISTORY][0]["name"] == "Alice Wong"  # fix still recognises Alice's block
    assert settings_file().stat().st_mode & 0o777 == 0o600  # owner-only, as before


def test_a_damaged_settings_file_is_reported_and_not_overwritten(ctx):
    settings_file().write_text('{"signature": ', "utf-8")
    with pytest.raises(AppError) as err:
        signature_form(ctx)
    assert err.value.kind is Kind.CONFIG and "cannot read settings" in err.value.message
    damaged_version = version_of(settings_file().read_bytes())
    with pytest.raises(AppError) as err:
        save_signature(ctx, ALICE, damaged_version)
    assert err.value.kind is Kind.CONFIG
    assert settings_file().read_text("utf-8") == '{"signature": '
