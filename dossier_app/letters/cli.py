"""CLI commands for letters (filled in by the letters issue)."""


def add_commands(command) -> None:
    return None
