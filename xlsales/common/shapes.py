"""Give results back in the shape the caller used: scalar, list, array or Series.

A sales manager's one-off question ("priority of this prospect?") passes scalars; a
table passes columns. Each elementwise function of xlsales serves both by reading its
arguments through ``align`` and handing its flat result to the ``restore`` it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.values import as_1d

Restore = Callable[[Any], Any]


def refuse_ragged(rows: Sequence[Sequence[Any]], arg: str) -> int:
    """The width of a table given as rows (its first row's), or the problem told at the
    first row of another width: pandas and numpy would fill a short row with blanks, and
    a blank amount or score is a value lost without a word."""
    width = len(rows[0]) if rows else 0
    for row, line in enumerate(rows[1:], start=2):
        if len(line) != width:
            raise XlsalesError(arg, "ragged", row=row, n=len(line), m=width)
    return width


def align(**named: Any) -> tuple[list[np.ndarray], Restore]:
    """Flatten each named argument to 1-D and broadcast scalars against columns.

    Returns the flat arrays (in the order given) and a function that turns a flat result
    back into the shape of the first non-scalar argument (a scalar if all were scalars;
    a dict keyed like the argument if it was a dict).
    Columns of different lengths raise XlsalesError naming both arguments.
    """
    flats: list[np.ndarray] = []
    template: Any = None
    template_name = ""
    length = 1
    for name, value in named.items():
        flat = as_1d(value)
        if _is_scalar(value):
            flats.append(flat)
            continue
        if template is None:
            template, template_name, length = value, name, flat.size
        elif flat.size != length:
            raise XlsalesError(name, "length", n=flat.size, other=template_name, m=length)
        flats.append(flat)
    flats = [np.repeat(f, length) if f.size == 1 and length != 1 else f for f in flats]
    return flats, _restorer(template)


def _is_scalar(value: Any) -> bool:
    if value is None or isinstance(value, str | bytes):
        return True
    if isinstance(value, np.ndarray):
        return value.ndim == 0
    return not isinstance(value, Iterable)


def _restorer(template: Any) -> Restore:
    if template is None:
        return _to_scalar
    if isinstance(template, pd.Series):
        index, name = template.index, template.name
        return lambda flat: pd.Series(_plain(flat), index=index, name=name)
    if isinstance(template, pd.Index):
        return lambda flat: pd.Series(_plain(flat), index=template)
    if isinstance(template, np.ndarray):
        shape = template.shape
        return lambda flat: np.asarray(flat).reshape(shape)
    if isinstance(template, dict):
        # A dict (client -> revenue) is read by its values; answer client -> result.
        keys = list(template)
        return lambda flat: dict(zip(keys, _tolist(flat), strict=True))
    if isinstance(template, tuple):
        return lambda flat: tuple(np.asarray(flat, dtype=object).tolist())
    return lambda flat: _tolist(flat)


def _to_scalar(flat: Any) -> Any:
    item = np.asarray(flat, dtype=object).ravel()[0] if np.size(flat) else None
    return _python(item)


def _tolist(flat: Any) -> list[Any]:
    return _python_items(np.asarray(flat, dtype=object).ravel().tolist())


def _plain(flat: Any) -> Any:
    array = np.asarray(flat)
    return array if array.dtype != object else _python_items(array.tolist())


def _python_items(items: list[Any]) -> list[Any]:
    """Items with numpy scalars made Python's; a million plain items pass without a loop."""
    if any(issubclass(kind, np.generic) for kind in set(map(type, items))):
        return [_python(v) for v in items]
    return items


def _python(value: Any) -> Any:
    """numpy scalars become Python's, so results print and compare like user values."""
    if isinstance(value, np.generic):
        return value.item()
    return value
