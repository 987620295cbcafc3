"""How the suite is spread over the machine's cores (pytest-xdist, ``--dist loadgroup``).

Each test file runs on one worker, as ``--dist loadfile`` would: its module fixtures (a
generated template, a LibreOffice conversion) are built once. Tests marked ``kills`` —
they SIGKILL the command at seeded moments or read a child's peak memory — form a single
group on a single worker, one after the other, so no two of them overlap and perturb each
other's timing windows or memory readings.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue
        group = "kills" if item.get_closest_marker("kills") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
