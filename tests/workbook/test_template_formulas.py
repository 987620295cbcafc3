"""Formula text for the template: quoting, sentences, and the rules per-row formulas keep."""

from __future__ import annotations

import re

import pytest

from xlsales.common.lang import LANGS
from xlsales.plan import layout
from xlsales.workbook import activity, clients, cost, deals, funnel, qualification
from xlsales.workbook.formulas import StructuredRefs, quote, sentence

COLUMN_FORMULAS = {layout.CLIENTS.name: clients.formulas,
                   layout.PROSPECTS.name: qualification.formulas,
                   layout.TEAM.name: activity.formulas, layout.FUNNEL.name: funnel.formulas,
                   layout.ACTIVITIES.name: cost.formulas, layout.DEALS.name: deals.formulas}


def test_quote_doubles_the_quotes_of_a_text():
    assert quote('Say "hi"') == '"Say ""hi"""'


def test_sentence_quotes_the_text_and_splices_the_formulas():
    # "{share}" with a format spec is replaced all the same
    assert sentence("top client {share:.1%}, alert at {alert}", share="A1", alert="B2") == (
        '"top client "&(A1)&", alert at "&(B2)')
    assert sentence("{x}", x="C3") == "(C3)"


def test_structured_references_use_the_explicit_this_row_form():
    t = StructuredRefs(layout.CLIENTS, "fr")
    assert t.this("revenue_curr") == "tblClients[[#This Row],[CA N]]"
    assert t.col("revenue_curr") == "tblClients[CA N]"
    assert t.span("pot_size", "pot_suppliers") == (
        "tblClients[[#This Row],[Taille (1-5)]:[Politique fournisseurs (1-5)]]")


def _outside_strings(formula: str) -> str:
    return re.sub(r'"(?:[^"]|"")*"', '""', formula)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("table_name", list(COLUMN_FORMULAS))
def test_calculated_columns_can_be_stored_as_shared_formulas(table_name, lang):
    """Each calculated column reads its own row and workbook names only: no other sheet's
    cell (a 3-D reference), no array constant, no A1 reference that would shift."""
    table = layout.TABLES[table_name]
    formulas = COLUMN_FORMULAS[table_name](lang)
    assert set(formulas) == set(table.keys("formula"))
    for key, formula in formulas.items():
        code = _outside_strings(formula)
        assert "!" not in code and "{" not in code, key
        # every bracketed reference is to this table, or to another table's whole column
        # (tblPurchases[Date]: a structured reference, absolute, never shifted)
        for reference, rest in re.findall(r"(\w+)\[(\[?#?\w*)", code):
            assert reference == table.name or (
                reference in layout.TABLES and not rest.startswith("[#")), (key, reference)
        # no A1 reference such as B7 or $C$2
        without_references = re.sub(r"\w+\[\[.*?\]\]|\w+\[[^\]]*\]", "", code)
        assert not re.search(r"\$?\b[A-Z]{1,3}\$?[0-9]+\b", without_references), key
