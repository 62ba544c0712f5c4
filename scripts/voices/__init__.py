"""Voices: a folder of Markdown stories into a searchable, cross-indexed, printable archive."""

__version__ = "0.1.0"
