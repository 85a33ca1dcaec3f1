"""Dutch formatting of figures and dates, through babel's nl_NL locale.

Amounts get a non-breaking space after the euro sign so that Word never
leaves "€" alone at the end of a line.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from fractions import Fraction

from babel import Locale
from babel.numbers import format_currency, format_decimal, parse_pattern
from babel.dates import format_date

# The locale and the number patterns are parsed once: babel takes them parsed as well as written, and a
# document formats about fifty figures.
LOCALE = Locale.parse("nl_NL")
NBSP = "\u00a0"
_WHOLE = parse_pattern("#,##0")
_EURO = parse_pattern(f"¤{NBSP}#,##0")
_PATTERNS = {text: parse_pattern(text) for text in ("#,##0.##", "#,##0.0")}


# aantal and bedrag are pure and a document formats the same figures several times (a total in a table and
# in the text): each figure is formatted once.
@functools.lru_cache(maxsize=4096)
def aantal(n: int) -> str:
    """14551 → '14.551'"""
    return format_decimal(n, format=_WHOLE, locale=LOCALE)


@functools.lru_cache(maxsize=4096)
def bedrag(euros: int) -> str:
    """37600000 → '€ 37.600.000'"""
    return format_currency(euros, "EUR", format=_EURO, locale=LOCALE, currency_digits=False)


def bedrag_streep(euros: int) -> str:
    """19035000 → '€ 19.035.000,-', as the agreement writes amounts in running text."""
    return bedrag(euros) + ",-"


def miljoen(euros: int) -> str:
    """180000000 → '€ 180 mln.'"""
    return _scaled(euros, 1_000_000, "#,##0.##") + f"{NBSP}mln."


def miljard(euros: int) -> str:
    """2500000000 → '€ 2,5 mld'; one decimal always, as the agreement writes '€ 1,0 mld.'"""
    return _scaled(euros, 1_000_000_000, "#,##0.0") + f"{NBSP}mld"


def _scaled(euros: int, unit: int, pattern: str) -> str:
    # Exact: the unit is a power of ten, so the Decimal quotient has no rounding.
    value = Fraction(euros, unit)
    number = Decimal(value.numerator) / Decimal(value.denominator)
    return f"€{NBSP}" + format_decimal(number, format=_PATTERNS[pattern], locale=LOCALE)


def miljoenen(euros: int) -> str:
    """19035000 → '19,0': amounts in € mln with one decimal, for compact tables."""
    return _scaled(euros, 1_000_000, "#,##0.0").removeprefix(f"€{NBSP}")


def procent_decimaal(value: Fraction | float) -> str:
    """Fraction(136, 10) → '13,6%'"""
    return format_decimal(Decimal(float(value)), format=_PATTERNS["#,##0.0"], locale=LOCALE) + "%"


def datum(day: datetime.date) -> str:
    """2025-06-24 → '24 juni 2025'"""
    return format_date(day, format="d MMMM y", locale=LOCALE)


AMSTERDAM = "Europe/Amsterdam"  # the time a person reads; stored times stay UTC


def tijdstip(moment: datetime.datetime, kort: bool = False) -> str:
    """An aware UTC time as a person in the Netherlands reads it: '2 december 2026 23:13' ('2 dec. 2026 23:13')."""
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo(AMSTERDAM))
    day = format_date(local.date(), format="d MMM y", locale=LOCALE) if kort else datum(local.date())
    return f"{day} {local:%H:%M}"


def dag_maand(day: datetime.date) -> str:
    """2024-12-11 → '11 december'"""
    return format_date(day, format="d MMMM", locale=LOCALE)


def procent(n: int) -> str:
    """30 → '30%'"""
    return f"{aantal(n)}%"


def in_woorden(n: int) -> str:
    """A count written out, as the text says "de komende vijf jaar"."""
    return _num2words(n, lang="nl")


def rangtelwoord(n: int) -> str:
    """4 → 'vierde', as in "in het vierde kwartaal"."""
    return _num2words(n, lang="nl", to="ordinal")


def _num2words(n: int, **options: str) -> str:
    # Imported when first needed: num2words sets up a converter for each of its 56 languages on import
    # (20–30 ms), which a command that formats no words (validate, or a batch's checking) need not pay.
    from num2words import num2words

    return num2words(n, **options)


def periode(start: int, eind: int) -> str:
    """2025, 2029 → '2025 t/m 2029'"""
    return f"{start} t/m {eind}"


FILTERS = {
    "aantal": aantal,
    "bedrag": bedrag,
    "bedrag_streep": bedrag_streep,
    "mln": miljoen,
    "mld": miljard,
    "datum": datum,
    "dag_maand": dag_maand,
    "procent": procent,
}

