"""The user's config: default workbook and key overrides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from antq_tui.config.keymap import COMMANDS, normalise_keys
from antq_tui.config.user_config import config_path, effective_keys, load_config
from antq_tui.model.errors import AntqError


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config folder (XDG_CONFIG_HOME, as on a Linux desktop or server)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path / "cfg"


def _write(tmp_path: Path, text: str) -> dict[str, str]:
    """The config file under XDG_CONFIG_HOME=tmp_path/cfg; the environment to read it with."""
    folder = tmp_path / "cfg" / "antq"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path / "cfg")  # restored by config_home
    return {}


def test_no_config_no_env_means_no_workbook(tmp_path: Path) -> None:
    config = load_config({})
    assert config.workbook is None and config.path is None
    assert effective_keys(config) == {c.id: c.keys for c in COMMANDS}


def test_workbook_from_file_relative_to_it_and_keys(tmp_path: Path) -> None:
    env = _write(tmp_path, 'workbook = "so/xa.xlsx"\n[keys]\nsave = "F2, Ctrl+S"\nhelp = "?"\n')
    config = load_config(env)
    assert config_path() == tmp_path / "cfg" / "antq" / "config.toml"
    assert config.path == config_path()
    assert config.workbook == tmp_path / "cfg" / "antq" / "so" / "xa.xlsx"
    keys = effective_keys(config)
    assert keys["save"] == "f2,ctrl+s"
    assert keys["help"] == "question_mark"
    assert keys["add"] == "a"
    assert config.warnings == []


def test_env_overrides_file(tmp_path: Path) -> None:
    env = _write(tmp_path, 'workbook = "/srv/a.xlsx"\n')
    env["ANTQ_WORKBOOK"] = str(tmp_path / "b.xlsx")
    assert load_config(env).workbook == tmp_path / "b.xlsx"


def test_unsafe_and_unknown_keys_are_warned_not_used(tmp_path: Path) -> None:
    env = _write(tmp_path, '[keys]\nsave = "ctrl+h"\nfly = "z"\nundo = "ctrl+m,u"\n')
    config = load_config(env)
    keys = effective_keys(config)
    assert keys["save"] == "ctrl+s"  # nothing usable left: the default stands
    assert keys["undo"] == "u"
    assert any("ctrl+h" in w and "SSH" in w for w in config.warnings)
    assert any("“fly”" in w for w in config.warnings)


def test_backups_setting(tmp_path: Path) -> None:
    assert load_config({}).backups == 20
    assert load_config(_write(tmp_path / "a", "backups = 5\n")).backups == 5
    config = load_config(_write(tmp_path / "b", 'backups = "nhiều"\n'))
    assert config.backups == 20
    assert any("“backups”" in w for w in config.warnings)
    assert load_config(_write(tmp_path / "c", "backups = -1\n")).backups == 20


def test_bad_toml_is_one_vietnamese_sentence(tmp_path: Path) -> None:
    env = _write(tmp_path, "backups = 5\nworkbook = \n")
    with pytest.raises(AntqError, match="sai cú pháp TOML ở dòng 2, cột 12"):
        load_config(env)


def test_normalise_keys() -> None:
    assert normalise_keys(" Delete , d,/ ") == ["delete", "d", "slash"]


def test_a_config_not_in_utf8_says_so(tmp_path: Path) -> None:
    env = _write(tmp_path, "")
    (tmp_path / "cfg" / "antq" / "config.toml").write_bytes(b'workbook = "s\xf4.xlsx"\n')  # Latin-1
    with pytest.raises(AntqError, match="không phải văn bản UTF-8"):
        load_config(env)
