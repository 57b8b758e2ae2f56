"""`mail-assistant`: a thin command line over the services.

Each area keeps its commands beside its code (``assistant/<area>/commands.py``
exposing ``COMMANDS``); this module only assembles them.

Exit status is shared by every command: 0 fine, 1 warnings, 2 errors (or a
fix that could not be applied safely), 3 bad input or usage.
"""

from __future__ import annotations

import sys

import click

from assistant import __version__
from assistant.grammar import commands as grammar_commands
from assistant.mail import commands as mail_commands
from assistant.server import commands as server_commands
from assistant.services import commands as check_commands

BAD_INPUT = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mail-assistant")
def cli() -> None:
    """Check and fix District email against BP 1114 (Mt. Diablo USD)."""


# In help order: check, rules, fix; account, drafts; serve, demo; doctor.
for _module in (check_commands, mail_commands, server_commands, grammar_commands):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    try:
        code = cli.main(prog_name="mail-assistant", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        # click's own usage errors exit 2, which here means "errors found".
        exc.show()
        sys.exit(BAD_INPUT)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
