import datetime

import pytest

from generator import formatting as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (fmt.bedrag, 37_600_000, "€ 37.600.000"),
        (fmt.bedrag, 907_500, "€ 907.500"),
        (fmt.bedrag, 0, "€ 0"),
        (fmt.bedrag_streep, 19_035_000, "€ 19.035.000,-"),
        (fmt.bedrag_streep, 7_000, "€ 7.000,-"),
        (fmt.aantal, 14_551, "14.551"),
        (fmt.aantal, 999, "999"),
        (fmt.aantal, 1_000_000, "1.000.000"),
        (fmt.miljoen, 180_000_000, "€ 180 mln."),
        (fmt.miljoen, 2_500_000, "€ 2,5 mln."),
        (fmt.miljard, 2_500_000_000, "€ 2,5 mld"),
        (fmt.miljard, 1_000_000_000, "€ 1,0 mld"),
        (fmt.datum, datetime.date(2025, 6, 24), "24 juni 2025"),
        (fmt.datum, datetime.date(2025, 3, 1), "1 maart 2025"),
        (fmt.dag_maand, datetime.date(2024, 12, 11), "11 december"),
        (fmt.procent, 30, "30%"),
        (fmt.in_woorden, 5, "vijf"),
        (fmt.in_woorden, 12, "twaalf"),
    ],
)
def test_dutch_formats(function, value, expected):
    # Amounts keep "€" and the figure together with a non-breaking space.
    assert function(value).replace(NBSP, " ") == expected


def test_euro_sign_is_bound_to_its_amount():
    assert fmt.bedrag(1).startswith("€" + NBSP)
