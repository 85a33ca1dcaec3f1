"""The arithmetic, against the signed agreement and against independent arithmetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.compute import Range, agreement, excl_btw, national, realisatiestimulans_band, round_half_up


@pytest.mark.parametrize(
    ("incl", "excl"),
    [(7_335_000, 6_061_983), (3_750_000, 3_099_174), (121, 100), (1, 1), (2, 2), (3, 2)],
)
def test_excl_btw_whole_euros_half_up(incl, excl):
    assert excl_btw(incl, 21) == excl


@given(st.integers(min_value=1, max_value=10**12), st.sampled_from([0, 9, 21]))
def test_excl_btw_agrees_with_decimal_half_up(incl, btw):
    expected = (Decimal(incl) * 100 / Decimal(100 + btw)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert excl_btw(incl, btw) == int(expected)


def test_round_half_up_to_step():
    assert round_half_up(Fraction(37_601_846), 100_000) == 37_600_000
    assert round_half_up(Fraction(37_650_000), 100_000) == 37_700_000
    assert round_half_up(Fraction(37_649_999), 100_000) == 37_600_000


def test_band_of_amsterdam_nieuw_west(landelijk):
    # Seed: "tussen de € 37.600.000,- en € 56.400.000,-"; footnote 2: (100/130)%, -30% and +5%.
    assert realisatiestimulans_band(9_976, landelijk) == Range(37_600_000, 56_400_000)


@pytest.mark.parametrize("basis", range(9_967, 9_985))
def test_every_basis_the_reference_names_reproduces_the_band(basis, landelijk):
    assert realisatiestimulans_band(basis, landelijk) == Range(37_600_000, 56_400_000)


@pytest.mark.parametrize("basis", [9_966, 9_985])
def test_a_basis_outside_that_range_does_not(basis, landelijk):
    assert realisatiestimulans_band(basis, landelijk) != Range(37_600_000, 56_400_000)


def test_amsterdam_tables_and_summary(amsterdam, landelijk):
    a = agreement(amsterdam, landelijk)
    # Opgave woningbouw: 12.475 + 2.076 = 14.551, 9.503 + 1.727 = 11.230.
    assert (a.woningbouw.total.woningen, a.woningbouw.total.betaalbaar) == (14_551, 11_230)
    # ORV: De Centrale and Meervaart without btw, Plein 40-45 with.
    assert [(r.excl, r.incl) for r in a.orv.rows] == [(5_700_000, 5_700_000), (6_000_000, 6_000_000), (6_061_983, 7_335_000)]
    assert (a.orv.total.excl, a.orv.total.incl) == (17_761_983, 19_035_000)
    assert (a.capaciteit.total.excl, a.capaciteit.total.incl) == (3_099_174, 3_750_000)
    assert (a.wbi.total.cofinanciering, a.wbi.total.rijksbijdrage) == (907_500, 907_500)
    # Samenvatting: 37.600.000 + 19.035.000 + 3.750.000 + 907.500, and from 56.400.000.
    assert a.totaal == Range(61_292_500, 80_092_500)


def test_sections_that_are_absent_count_as_zero(amsterdam, landelijk):
    bare = amsterdam.model_copy(update={"orv": None, "capaciteit": None, "wbi": []})
    a = agreement(bare, landelijk)
    assert (a.orv, a.capaciteit, a.wbi) == (None, None, None)
    assert a.totaal == a.realisatiestimulans


def test_national_budget_checks(amsterdam, landelijk):
    n = national([agreement(amsterdam, landelijk)] * 11, landelijk)
    assert n.orv.total == 11 * 19_035_000 == 209_385_000
    assert n.orv.over == 209_385_000 - 180_000_000
    assert n.orv.supports_claim  # "ruim € 200 mln": from 200 up to 210 mln
    assert not national([agreement(amsterdam, landelijk)] * 12, landelijk).orv.supports_claim  # 228 mln
    assert not national([agreement(amsterdam, landelijk)] * 10, landelijk).orv.supports_claim  # 190 mln
    n = national([agreement(amsterdam, landelijk)] * 16, landelijk)
    assert n.capaciteit.total == 60_000_000 and n.capaciteit.supports_claim
    assert n.capaciteit.over_percent == 20
