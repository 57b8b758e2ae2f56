"""The rule catalogue (docs/catalogue.md): one table of codes, one class per rule.

Rules live in one module per policy section. ``RULE_MODULES`` lists those
modules; every ``Rule`` subclass a module defines with a ``code`` is
registered. The table is in catalogue order: code families (EM, CF, AX) in the
order their first module appears, codes in order within a family. Registering
a new module is one line in ``RULE_MODULES``.
"""

from __future__ import annotations

from importlib import import_module

from assistant.rules.base import Context, Rule, RuleDataError

RULE_MODULES = (
    "assistant.rules.subject_thread",  # Email Protocol A: EM101, EM102
    "assistant.rules.recipients",  # Email Protocol B-D: EM201, EM301, EM401
    "assistant.rules.notice_signature",  # Email Protocol E, H: EM501, EM502, EM701
    "assistant.rules.length_topics",  # Email Protocol G: EM601, EM602
    "assistant.rules.formatting",  # Email Protocol I: EM801-EM804
    "assistant.rules.personal_use",  # Email Protocol J, K: EM901, EM902
    "assistant.rules.confidentiality",  # Social Media Protocol, Telephone Protocol C: CF101-CF301
    "assistant.rules.accessibility",  # Email Protocol I read through WCAG 2.1 AA: AX101-AX106
)


def rules_of(module_name: str) -> list[type[Rule]]:
    """The rule classes ``module_name`` defines (not imports), in code order."""
    module = import_module(module_name)
    found = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, Rule) and v.__module__ == module.__name__ and "code" in vars(v)
    ]
    return sorted(found, key=lambda r: r.code)


def _registry() -> dict[str, type[Rule]]:
    table: dict[str, type[Rule]] = {}
    families: dict[str, int] = {}  # "EM" -> rank of the family's first module
    for name in RULE_MODULES:
        for rule in rules_of(name):
            if rule.code in table:
                raise RuntimeError(f"rule code {rule.code} is defined twice ({table[rule.code].__module__}, {name})")
            table[rule.code] = rule
            families.setdefault(rule.code[:2], len(families))
    return dict(sorted(table.items(), key=lambda kv: (families[kv[0][:2]], kv[0])))


# The code table: code -> rule class, in catalogue order.
RULES: dict[str, type[Rule]] = _registry()


# Every word-list file the rules read (a file missing from an install must be named,
# so the list is explicit; tests/rules/test_docs.py checks it against the folder).
DATA_FILES = ("accessibility.toml", "conduct.toml", "email_protocol.toml", "records.toml", "terms.toml")


def load_resources() -> str:
    """Read every shipped file the rules use now, and say what was loaded.

    Call it at start (and from ``doctor``): a missing or damaged file is then a
    clear error before the first check, ``ModelError`` for the EM901, conduct, insults and records models and
    ``RuleDataError`` for a word list, ``NamesError`` for the person detector's name
    lists, instead of a failure inside ``check``.
    """
    from importlib import resources

    from assistant.core import conduct, people, personal, records_model
    from assistant.rules.base import terms

    files = DATA_FILES
    for name in files:
        terms(name)
    model = personal.load_model()
    reader = conduct.check_file()  # parsed on first use (see check_file)
    insults = conduct.check_file(conduct.INSULTS_PATH)  # likewise
    records = records_model.check_file()  # likewise
    given, surnames = people.check_name_lists()
    # The CF data files are checked here; their patterns compile per category when a
    # check first needs one (most drafts reach few), so start-up stays cheap.
    import_module("assistant.rules.confidentiality").validate_data()
    return (f"{len(files)} word lists, personal-mail model with {len(model.terms)} terms, "
            f"conduct model ({reader // 1024} KB), insults model ({insults // 1024} KB), records model ({records // 1024} KB), "
            f"{given} given names and {surnames} surnames")


def all_rules() -> list[type[Rule]]:
    return list(RULES.values())


def get_rule(code: str) -> type[Rule] | None:
    return RULES.get(code.upper())


__all__ = ["DATA_FILES", "RULES", "RULE_MODULES", "Context", "Rule", "RuleDataError", "all_rules", "get_rule", "load_resources", "rules_of"]
