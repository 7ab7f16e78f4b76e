"""Briefing: turn a folder of scraped articles into a clean, searchable static briefing site."""

__version__ = "0.1.0"
