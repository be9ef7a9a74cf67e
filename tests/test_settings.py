"""The settings table: precedence, parsing, and that the README documents every setting."""

import pytest

from graph import settings as table
from graph.errors import UsageError


def test_flag_wins_over_environment_which_wins_over_default():
    env = {"NEWSKG_PORT": "9001", "NEWSKG_QUERY_TIMEOUT": "2.5"}
    resolved = table.resolve({"port": 9100}, environ=env)
    assert resolved.port == 9100
    assert resolved.query_timeout == 2.5
    assert resolved.max_rows == table.BY_NAME["max_rows"].default


def test_bad_value_names_the_variable_and_says_what_it_means():
    with pytest.raises(UsageError) as err:
        table.resolve(environ={"NEWSKG_PORT": "eighty"})
    assert "NEWSKG_PORT" in err.value.message and "Port" in err.value.message


def test_boolean_and_list_settings_parse():
    resolved = table.resolve(environ={"NEWSKG_ENABLE_UPDATE": "yes",
                                      "NEWSKG_SERVICE_ALLOW": "http://a/sparql, http://b/sparql"})
    assert resolved.enable_update is True
    assert resolved.service_allow == ["http://a/sparql", "http://b/sparql"]


def test_every_setting_is_documented_in_the_readme(project_root):
    readme = (project_root / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in table.SETTINGS if s.env not in readme or s.flag not in readme]
    assert not missing, f"settings missing from the README's table: {missing}"
