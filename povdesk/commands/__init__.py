"""Command-line commands, one module per feature (see povdesk.cli.COMMAND_MODULES)."""
