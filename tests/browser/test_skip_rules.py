"""Without Chromium the browser tests skip, except where a browser is required (CI): there they fail."""

from __future__ import annotations

import os
import stat

import pytest

from tests.browser import conftest as browser
from tests.browser.conftest import CHROMIUM_ENV, DEFAULT_CHROMIUM, REQUIRE_ENV, locate_chromium, missing_browser


def nothing_on_path(name):
    return None


@pytest.fixture
def no_default_chromium(monkeypatch):
    monkeypatch.setattr(browser, "DEFAULT_CHROMIUM", "/nonexistent/chromium")


def test_a_chromium_named_in_the_environment_is_used(tmp_path):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    assert locate_chromium({CHROMIUM_ENV: str(fake)}, nothing_on_path)[0] == str(fake)


def test_a_chromium_named_in_the_environment_must_exist(tmp_path):
    path, reason = locate_chromium({CHROMIUM_ENV: str(tmp_path / "missing")}, nothing_on_path)
    assert path is None and CHROMIUM_ENV in reason and "not an executable" in reason


def test_without_any_chromium_the_reason_says_where_it_looked(no_default_chromium):
    path, reason = locate_chromium({}, nothing_on_path)
    assert path is None
    assert "/nonexistent/chromium" in reason and CHROMIUM_ENV in reason


def test_chromium_on_the_path_is_found(no_default_chromium):
    assert locate_chromium({}, lambda name: f"/opt/bin/{name}" if name == "chromium" else None)[0] == "/opt/bin/chromium"


def test_the_system_chromium_is_the_default():
    if not os.access(DEFAULT_CHROMIUM, os.X_OK):
        pytest.skip(f"{DEFAULT_CHROMIUM} is not installed here")
    assert locate_chromium({}, nothing_on_path) == (DEFAULT_CHROMIUM, DEFAULT_CHROMIUM)


def test_a_missing_browser_skips_with_the_reason():
    with pytest.raises(pytest.skip.Exception, match="no Chromium here"):
        missing_browser("no Chromium here", {})


@pytest.mark.parametrize("value", ["0", ""])
def test_only_the_value_1_makes_the_browser_required(value):
    with pytest.raises(pytest.skip.Exception):
        missing_browser("no Chromium here", {REQUIRE_ENV: value})


def test_a_missing_browser_fails_where_one_is_required():
    with pytest.raises(pytest.fail.Exception, match=f"no Chromium here.*{REQUIRE_ENV}=1"):
        missing_browser("no Chromium here", {REQUIRE_ENV: "1"})
