"""povdesk core: the Qt-free domain, rules, storage and jobs behind the desktop app and the CLI."""

from __future__ import annotations

__version__ = "0.1.0"
