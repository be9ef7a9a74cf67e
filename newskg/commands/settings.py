"""`newskg settings`: print the settings table with the values in force."""

from graph import settings as table

NAME = "settings"
HELP = "Print every setting: flag, environment variable, default and the value in force."
SETTINGS: tuple[str, ...] = ()


def add_arguments(parser) -> None:
    parser.add_argument("--markdown", action="store_true",
                        help="print the table as Markdown (as in the README)")


def run(args, settings) -> int:
    if args.markdown:
        print(table.markdown_table())
        return 0
    for s in table.SETTINGS:
        value = settings.values[s.name]
        if s.name == "update_token" and value:
            value = "***"
        print(f"{s.env:<24} {s.flag:<18} {value!r}")
    return 0
