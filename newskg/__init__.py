"""newskg: a knowledge graph of the news (command line entry point)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newskg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
