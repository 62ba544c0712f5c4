"""Voices: a folder of Markdown stories into a searchable, cross-indexed, printable archive."""

DISTRIBUTION = "voices-archive"  # what `pip install` takes ("voices" is another project there)


def __getattr__(name: str) -> str:
    """voices.__version__: one version, pyproject.toml's, shown by `voices --version` and in each
    page's generator tag. Looked up when first asked for: importlib.metadata takes 50 ms to
    import, a tenth of `voices check` on a small archive."""
    if name != "__version__":
        raise AttributeError(f"module 'voices' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version
    try:
        found = version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
