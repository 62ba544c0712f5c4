"""Voices: a folder of Markdown stories into a searchable, cross-indexed, printable archive."""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "voices-archive"  # what `pip install` takes ("voices" is another project there)

try:  # one version, pyproject.toml's: shown by `voices --version` and in each page's generator tag
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
