"""Figures as text, the way each language writes them: the one formatter of xlsales.

The terminal summary, the sentences Python writes in a workbook (the action plan, the
team's advice, the ABC diagnosis) and the text formulas the template computes all write
a number, a percent, an amount or a date through this module, so one figure reads the
same everywhere. The house style:

================  =====================  ===============================================
figure            English                French
================  =====================  ===============================================
number            ``1,234,567``          ``1 234 567`` (U+202F narrow no-break space)
decimals          ``2.5``                ``2,5``
percent           ``20.0%``, ``-3.5%``   ``20,0 %`` (U+00A0 no-break space before %)
money             ``€1,234,567``         ``1 234 567 €`` (U+00A0 before €)
date              ``2026-03-10``         ``10/03/2026``
date and time     ``2026-03-10 14:05``   ``10/03/2026 14:05``
span of days      ``1 Jan – 30 Jun 1998`` ``1er janv. – 30 juin 1998``
blank             ``""``                 ``""``
================  =====================  ===============================================

- A percent always has one decimal (``PERCENT_DECIMALS``), as the workbook's share cells
  (``excel_percent_format()`` gives their number format): ``20.0%``, never ``20%``.
- Numbers are rounded half away from zero on their shortest decimal form, as Excel's
  ROUND does: 2.5 → ``3``, 0.0125 → ``1.3%``, 2.675 with two decimals → ``2.68``.
  A result that rounds to zero is ``0``, never ``-0``.
- The minus sign is the hyphen-minus ``-`` (what Excel and LibreOffice write), before the
  currency symbol in English (``-€12``).
- A blank — None, NaN, NaT, an empty text — and an infinity (a figure that cannot be
  computed) are the empty text ``BLANK``, never 0 and never a dash.
- The no-break spaces keep a terminal or a wrapped cell from splitting a figure.

``percent_formula`` builds the native Excel formula that writes a share in this style,
from the same definitions, so a text cell the template computes holds exactly what
Python cached in it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any

from xlsales.common.lang import check_lang

__all__ = [
    "BLANK",
    "NARROW_NBSP",
    "NBSP",
    "PERCENT_DECIMALS",
    "STYLES",
    "Style",
    "day",
    "excel_number_format",
    "excel_percent_format",
    "is_shown",
    "labelled",
    "moment",
    "money",
    "number",
    "percent",
    "percent_formula",
    "span",
]

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
BLANK = ""
PERCENT_DECIMALS = 1


@dataclass(frozen=True)
class Style:
    """How one language writes figures."""

    decimal: str  # the decimal mark
    group: str  # the thousands separator
    percent: str  # what follows a percent's digits
    money_before: str  # what precedes an amount's digits (after its sign)
    money_after: str  # what follows them
    date: str  # strftime pattern of a date
    moment: str  # strftime pattern of a date and time


STYLES: dict[str, Style] = {
    "en": Style(".", ",", "%", "€", "", "%Y-%m-%d", "%Y-%m-%d %H:%M"),
    "fr": Style(",", NARROW_NBSP, NBSP + "%", "", NBSP + "€", "%d/%m/%Y", "%d/%m/%Y %H:%M"),
}


def is_shown(value: Any) -> bool:
    """False for what is written as ``BLANK``: None, NaN, NaT, pd.NA, an empty or blank
    text, an infinity."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dt.date):
        return value == value  # pd.NaT is a date that is not equal to itself
    try:
        number = float(value)
    except (TypeError, ValueError):
        try:
            return bool(value == value)  # NaT is not equal to itself
        except TypeError:
            return False  # pd.NA
    return math.isfinite(number)


def _digits(value: Decimal, decimals: int, style: Style) -> tuple[str, str]:
    """The sign ("" or "-") and the digits of ``value`` rounded to ``decimals``, grouped."""
    with localcontext(_WIDE):  # every digit of 1.8e308, the largest float
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):,.{decimals}f}"
    return sign, text.replace(",", "\0").replace(".", style.decimal).replace("\0", style.group)


_WIDE = Context(prec=400)


def _decimal(value: Any) -> Decimal:
    # the shortest decimal form of the float: what the user typed and Excel rounds
    return Decimal(repr(float(value)))


def number(value: Any, lang: str = "en", decimals: int = 0) -> str:
    """``1,234,567`` (English) or ``1 234 567`` (French); ``BLANK`` for no value."""
    if not is_shown(value):
        return BLANK
    sign, digits = _digits(_decimal(value), decimals, STYLES[check_lang(lang)])
    return sign + digits


def percent(share: Any, lang: str = "en", decimals: int = PERCENT_DECIMALS,
            plus: bool = False) -> str:
    """A share as a percent: 0.125 as ``12.5%`` (English) or ``12,5 %`` (French); ``plus``
    writes a "+" before a positive one (a gain); ``BLANK`` for no value."""
    if not is_shown(share):
        return BLANK
    style = STYLES[check_lang(lang)]
    sign, digits = _digits(_decimal(share).scaleb(2), decimals, style)
    if plus and not sign and digits.strip("0" + style.decimal + style.group):
        sign = "+"
    return f"{sign}{digits}{style.percent}"


def money(value: Any, lang: str = "en", decimals: int = 0, symbol: str = "€") -> str:
    """An amount: ``€1,234,567`` (English) or ``1 234 567 €`` (French); ``BLANK`` for no
    value."""
    if not is_shown(value):
        return BLANK
    style = STYLES[check_lang(lang)]
    sign, digits = _digits(_decimal(value), decimals, style)
    before = style.money_before and symbol
    after = style.money_after and style.money_after.replace("€", symbol)
    return f"{sign}{before}{digits}{after}"


def day(value: Any, lang: str = "en") -> str:
    """A date: ``2026-03-10`` (English) or ``10/03/2026`` (French); ``BLANK`` for none."""
    if not is_shown(value):
        return BLANK
    return _as_datetime(value).strftime(STYLES[check_lang(lang)].date)


# A span of days in words, as a manager writes a period: "1 Jan – 30 Jun 1998",
# "1er janv. – 30 juin 1998" (French: "1er" for the first of the month, the usual
# abbreviations, the year once when both ends share it)
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
           "oct.", "nov.", "déc."),
}
EN_DASH = "\u2013"


def _day_month(value: dt.date, lang: str) -> str:
    first = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{first} {_MONTHS[lang][value.month - 1]}"


def span(start: Any, end: Any, lang: str = "en") -> str:
    """The days from ``start`` to ``end`` (both included) in words: ``1 Jan – 30 Jun
    1998`` or ``1er janv. – 30 juin 1998``; ``1 Jul 1997 – 30 Jun 1998`` across two
    years; ``BLANK`` when either end is missing."""
    lang = check_lang(lang)
    if not (is_shown(start) and is_shown(end)):
        return BLANK
    first, last = _as_datetime(start).date(), _as_datetime(end).date()
    head = _day_month(first, lang) + ("" if first.year == last.year else f" {first.year}")
    return f"{head} {EN_DASH} {_day_month(last, lang)} {last.year}"


def moment(value: Any, lang: str = "en") -> str:
    """A date and time to the minute: ``2026-03-10 14:05`` or ``10/03/2026 14:05``."""
    if not is_shown(value):
        return BLANK
    return _as_datetime(value).strftime(STYLES[check_lang(lang)].moment)


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    import pandas as pd

    return pd.Timestamp(value).to_pydatetime()


def labelled(label: str, text: str, lang: str = "en") -> str:
    """"Label: text", with the space French puts before a colon ("Libellé : texte")."""
    return f"{label} : {text}" if lang == "fr" else f"{label}: {text}"


def excel_number_format(decimals: int = 0) -> str:
    """The cell number format of an amount or a count: ``#,##0`` (Excel shows it with the
    reader's separators)."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def excel_percent_format(decimals: int = PERCENT_DECIMALS) -> str:
    """The cell number format of a share: ``0.0%``, the decimals ``percent`` writes."""
    return "0" + ("." + "0" * decimals if decimals else "") + "%"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def percent_formula(expr: str, lang: str, decimals: int = PERCENT_DECIMALS) -> str:
    """A native Excel formula writing the share ``expr`` as ``percent`` does, "" when it is
    not a number.

    Built from whole numbers so that it reads the same in every Excel locale (TEXT and
    FIXED would use the reader's decimal mark). It writes no thousands separator, so it
    agrees with ``percent`` for shares under 1000 % (10), the only ones it is used for.
    """
    style = STYLES[check_lang(lang)]
    rounded = f"ROUND(100*({expr}),{decimals})"
    size = f"ABS({rounded})"
    whole = f"INT({size})"
    text = f'IF({rounded}<0,"-","")&{whole}'
    if decimals:
        fraction = f"ROUND(({size}-{whole})*{10 ** decimals},0)"
        padded = (fraction if decimals == 1 else
                  f'RIGHT("{"0" * decimals}"&{fraction},{decimals})')
        text += f"&{_quote(style.decimal)}&{padded}"
    return f'IF(ISNUMBER({expr}),{text}&{_quote(style.percent)},"")'
