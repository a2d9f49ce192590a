"""The languages the site speaks: English at the site's root, each other under /<code>/."""

from __future__ import annotations

ENGLISH = "en"
LANGUAGES = {"es": "Español"}  # each other language: its own name, for the language switch
SITE_LANGUAGES = (ENGLISH, *LANGUAGES)
