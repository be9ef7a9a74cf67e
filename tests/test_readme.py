"""The README's command-line summary matches the real parser: every flag it shows exists."""

import re

from newskg.cli import build_parser


def test_every_flag_in_the_readme_cli_block_exists(project_root):
    readme = (project_root / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The command line", 1)[1].split("```", 2)[1]
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # argparse keeps them here
    missing = []
    for line in block.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == "newskg":
            current = commands[words[1]]
            nested = current._subparsers._group_actions[0].choices if current._subparsers \
                else {}
            if len(words) >= 3 and words[2] in nested:
                current = nested[words[2]]
        for flag in re.findall(r"--[a-z][a-z-]+", line):
            if flag not in current._option_string_actions:
                missing.append(f"{current.prog} {flag}")
    assert not missing, f"the README shows flags the CLI does not have: {missing}"
