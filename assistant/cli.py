"""`mail-assistant`: a thin command line over the services.

Each area keeps its commands beside its code (``assistant/<area>/commands.py``
exposing ``COMMANDS``); this module only assembles them.
"""

from __future__ import annotations

import importlib

import click

from assistant import __version__

# Areas whose commands the CLI offers, in help order.
COMMAND_MODULES = (
    "assistant.services.commands",  # check, rules, fix
    "assistant.mail.commands",  # account, drafts
    "assistant.server.commands",  # serve, demo
    "assistant.grammar.commands",  # doctor
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mail-assistant")
def cli() -> None:
    """Check and fix District email against BP 1114 (Mt. Diablo USD)."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # an area not built yet
        if exc.name != _name:
            raise
        continue
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli(prog_name="mail-assistant")


if __name__ == "__main__":
    main()
