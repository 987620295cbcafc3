"""COST_TO_SERVE and VALUE_PER_COST as Excel and xlwings Lite call them, on figures worked
out by hand (defaults visit 120, meeting 60, call 15, e-mail 5, other 15 minutes)."""

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]


@pytest.mark.parametrize("call", BOTH)
def test_cost_per_client_by_hand(call):
    # C1: a visit left blank (120) + a call of 0:30:00 (30) = 2.5 h, at 40 an hour = 100;
    # C2: "1h30" of meeting (90) + an e-mail left blank (5) = 95 min, 63.33;
    # 1001 (typed as a number): "Rendez-vous" of "45 min" = 0.75 h, 30
    result = call(udfs.COST_TO_SERVE,
                  excel.column("C1", "C2", "C1", 1001, "C2"),
                  excel.column("Visite", "Meeting", "Appel", "Rendez-vous", "E-mail"),
                  excel.column(None, "1h30", "0:30:00", "45 min", None),
                  excel.MISSING, 40)
    assert result[0] == ["Client", "Activities", "Hours", "Cost to serve"]
    assert result[1][:3] == ["C1", 2, 2.5] and result[1][3] == pytest.approx(100)
    assert result[2][0] == "C2" and result[2][2] == pytest.approx(95 / 60)
    assert result[2][3] == pytest.approx(95 / 60 * 40)
    assert result[3][:2] == ["1001", 1] and result[3][3] == pytest.approx(30)


def test_defaults_clients_out_and_french():
    # calls default to 10 minutes here; C3 has no activity: 0 h; order as clients_out
    result = excel.call_like_excel(
        udfs.COST_TO_SERVE, excel.column("C1", "C1"), excel.column("Appel", "Appel"),
        excel.column(None, 20), excel.column(120, 60, 10, 5, 15), 60,
        excel.column("C3", "C1"), "fr")
    assert result[0] == ["Client", "Activités", "Heures", "Coût de service"]
    assert result[1] == ["C3", 0, 0, 0]
    assert result[2][:2] == ["C1", 2] and result[2][2] == pytest.approx(0.5)
    assert result[2][3] == pytest.approx(30)


@pytest.mark.parametrize("call", BOTH)
def test_value_per_cost_by_class(call):
    # A: a (margin 900, cost 100) + b (300, 200) = 1 200 / 300 = 4; B: c 100 / 50 = 2;
    # C: d 20 / 150 = 0.133; total 1 320 / 500 = 2.64; cost shares 60 %, 10 %, 30 %
    result = call(udfs.VALUE_PER_COST, excel.column("a", "b", "c", "d"),
                  excel.column("A", "A", "B", "C"), excel.column(900, 300, 100, 20),
                  excel.column(100, 200, 50, 150))
    assert result[0] == ["Class", "Clients", "Margin", "Cost to serve",
                         "Value created / resources invested", "Share of the cost",
                         "Share of the margin"]
    assert [r[0] for r in result[1:]] == ["A", "B", "C", "Total"]
    assert result[1][1:5] == [2, 1200, 300, 4]
    assert result[3][4] == pytest.approx(20 / 150)
    assert [r[5] for r in result[1:]] == pytest.approx([0.6, 0.1, 0.3, 1])
    assert result[4][1:5] == [4, 1320, 500, pytest.approx(2.64)]


def test_value_per_cost_in_french_and_a_class_with_no_cost():
    result = excel.call_like_lite(udfs.VALUE_PER_COST, excel.column("a", "b"),
                                  excel.column("A", "B"), excel.column(10, 5),
                                  excel.column(5, 0), "fr")
    assert result[0][:5] == ["Classe", "Clients", "Marge", "Coût de service",
                             "Valeur créée / ressources investies"]
    assert result[2][0] == "B" and result[2][4] == ""  # no cost: no ratio


@pytest.mark.parametrize(("duration", "english"), [
    ("-5", "'-5' is negative"), ("30:00", "'30:00' is over 24 hours"),
    ("vers 10h", "'vers 10h' is not a duration")])
def test_bad_durations_are_named_with_their_row(duration, english):
    result = excel.call_like_excel(udfs.COST_TO_SERVE, excel.column("C1", "C2"),
                                   excel.column("Appel", "Appel"),
                                   excel.column("10", duration))
    assert result[0][0].startswith(f"#XLSALES! durations, row 2: {english}")


def test_columns_of_unequal_length_are_refused():
    result = excel.call_like_excel(udfs.COST_TO_SERVE, excel.column("C1", "C2"),
                                   excel.column("Appel"), excel.column("10", "20"))
    assert result[0][0].startswith("#XLSALES! ")
