"""Every word a user reads exists in English and in French, with the same blanks.

Found by walking the package: any module-level table named ``LABELS``, ``HELP``,
``SHEETS``, ``PROBLEMS`` or ``METHODS`` (key -> {"en": ..., "fr": ...}), so a new module's
labels are checked without being listed here.
"""

import importlib
import pkgutil

import pytest

import xlsales
from tests.harness.labels import check_labels

TABLE_NAMES = ("LABELS", "HELP", "SHEETS", "PROBLEMS", "METHODS")


def _tables():
    modules = [info.name for info in pkgutil.walk_packages(xlsales.__path__, "xlsales.")
               if not info.name.endswith("__main__")]  # running those starts the program
    for name in ["xlsales_udfs", *modules]:
        module = importlib.import_module(name)
        for table in TABLE_NAMES:
            labels = getattr(module, table, None)
            if isinstance(labels, dict):
                yield f"{name}.{table}", labels


TABLES = dict(_tables())


def test_the_walk_finds_the_modules_labels():
    # a sample of tables that must be found, or the walk is broken
    for name in ("xlsales.method.abc.LABELS", "xlsales.common.errors.PROBLEMS",
                 "xlsales.plan.layout.SHEETS",
                 "xlsales.app.cli.HELP", "xlsales.workbook.issues.LABELS"):
        assert name in TABLES


@pytest.mark.parametrize("name", sorted(TABLES))
def test_both_languages_say_the_same_thing(name):
    check_labels(TABLES[name])
