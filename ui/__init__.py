"""povdesk desktop UI (PySide6): a thin layer over the povdesk core."""
