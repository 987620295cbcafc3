"""The same ledger read from a CSV export, a Parquet file, a DuckDB table and a PostgreSQL
table gives the same plan, figure for figure; what a database gets wrong is said in one
line, never with its password.

Expected figures come from a pandas pivot of the generated lines (``_pivot``), not from
the reader under test; the CSV path (``read_ledger``, the file reader every other test
checks) gives the same plan.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.harness import stores
from tests.harness.postgres import PASSWORD, postgres_server, postgres_url  # noqa: F401
from xlsales.app.cli import app
from xlsales.app.report import make_report
from xlsales.common.errors import XlsalesError
from xlsales.sources.engine import LINE_COUNT, read_grouped_ledger
from xlsales.sources.ledger import read_ledger
from xlsales.sources.ledger_plan import plan_from_ledger

pytestmark = pytest.mark.xdist_group("postgres")  # one throwaway server per worker at most

YEAR = 2025


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return stores.varied_ledger()


def _pivot(lines: pd.DataFrame) -> pd.DataFrame:
    """Revenue N-1 and N and margin N per client, by a pandas pivot of the lines."""
    kept = lines[lines["date"].dt.year.isin([YEAR - 1, YEAR])]
    table = kept.pivot_table(index="client", columns=kept["date"].dt.year, values="amount",
                             aggfunc="sum")
    margin = kept[kept["date"].dt.year == YEAR].groupby("client")["margin"].sum()
    return pd.DataFrame({"revenue_prev": table[YEAR - 1], "revenue_curr": table[YEAR],
                         "margin": margin}).sort_index()


def _plan(lines: pd.DataFrame) -> pd.DataFrame:
    return plan_from_ledger(lines, today=stores.TODAY).clients.set_index("client").sort_index()


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.index) == list(want.index)
    for column in want.columns:
        if want[column].dtype.kind == "f":
            np.testing.assert_allclose(got[column].to_numpy(dtype=float),
                                       want[column].to_numpy(dtype=float), rtol=0, atol=1e-6,
                                       err_msg=column)
        else:
            assert got[column].astype(object).tolist() == want[column].astype(object).tolist(), \
                column


def _sources(ledger, folder, url=None):
    csv = stores.french_csv(ledger, folder / "ventes.csv")
    yield "csv", read_ledger(csv).lines
    yield "parquet", read_grouped_ledger(stores.parquet_file(ledger, folder / "v.parquet")).lines
    db = stores.duckdb_file(ledger, folder / "ventes.duckdb")
    yield "duckdb", read_grouped_ledger(db, table="ventes").lines
    text = stores.duckdb_file(ledger, folder / "texte.duckdb", as_text=True)
    yield "duckdb text", read_grouped_ledger(text, table="ventes").lines
    if url is not None:
        yield "postgresql", read_grouped_ledger(stores.postgres_table(ledger, url),
                                                table="ventes").lines


def test_every_source_gives_the_pivots_figures_and_the_csvs_plan(ledger, tmp_path,
                                                                 postgres_url):  # noqa: F811
    want = _pivot(ledger)
    plans = {}
    for name, lines in _sources(ledger, tmp_path, postgres_url):
        plan = _plan(lines)
        _same(plan[want.columns], want)
        plans[name] = plan
        if name != "csv":  # grouped: fewer rows, every line counted once
            assert len(lines) < len(ledger)
            assert int(lines[LINE_COUNT].sum()) == len(ledger), name
    csv = plans.pop("csv")
    for plan in plans.values():
        _same(plan, csv)  # segment, main product, last name too
    assert csv.loc["CL0003", "name"] == "Société 3 SAS"  # the latest name on its lines


def test_the_whole_report_is_the_same_from_postgresql(ledger, tmp_path,
                                                      postgres_url):  # noqa: F811
    csv = make_report(stores.french_csv(ledger, tmp_path / "ventes.csv"), today=stores.TODAY)
    pg = make_report(stores.postgres_table(ledger, postgres_url), table="ventes",
                     today=stores.TODAY)
    _same(pg.data.clients.set_index("client"), csv.data.clients.set_index("client"))
    key = ["salesperson", "client"]
    _same(pg.data.owner_revenue.set_index(key).sort_index(),
          csv.data.owner_revenue.set_index(key).sort_index())
    assert pg.results.bridge == csv.results.bridge
    # the owners' revenue: client 7 sold by two people in 2025
    assert (pg.data.owner_revenue["client"] == "CL0007").sum() == 2


def test_a_query_picks_the_lines(ledger, tmp_path):
    db = stores.duckdb_file(ledger, tmp_path / "ventes.duckdb")
    lines = read_grouped_ledger(
        db, query="select * from ventes where segment = 'BTP'").lines
    assert set(lines["segment"]) == {"BTP"}
    want = _pivot(ledger[ledger["segment"] == "BTP"])
    _same(_plan(lines)[want.columns], want)
    parquet = stores.parquet_file(ledger, tmp_path / "v.parquet")
    lines = read_grouped_ledger(parquet, query="select * from ledger where montant_ht > 0")
    assert (lines.lines["amount"] > 0).all()


def test_columns_are_named_as_in_a_file(ledger, tmp_path):
    db = stores.duckdb_file(ledger.assign(amount=ledger["amount"]), tmp_path / "v.duckdb")
    read = read_grouped_ledger(db, table="ventes", columns={"amount": "Marge"})
    assert read.columns["amount"] == "marge"  # named by --amount, in any case
    with pytest.raises(XlsalesError) as caught:
        read_grouped_ledger(db, table="ventes", columns={"client": "numero"})
    assert caught.value.problem == "missing_column"
    assert "'numero'" in caught.value.message("en")


def test_a_bad_text_value_is_named_with_its_column_and_count(ledger, tmp_path):
    import duckdb

    db = stores.duckdb_file(ledger, tmp_path / "t.duckdb", as_text=True)
    with duckdb.connect(str(db)) as con:
        con.execute("update ventes set montant_ht = 'abc' where code_client = 'CL0005'")
        bad = con.execute("select count(*) from ventes where code_client = 'CL0005'").fetchone()
    with pytest.raises(XlsalesError) as caught:
        read_grouped_ledger(db, table="ventes")
    message = caught.value.message("fr")
    assert message == (f"t.duckdb, montant_ht : 'abc' n'est pas un nombre "
                       f"(lignes en erreur dans le fichier : {bad[0]})")


def _cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args],
                              env={"COLUMNS": "200", "XLSALES_LANG": "en"})


def test_a_wrong_password_is_one_line_without_it(ledger, tmp_path, postgres_url):  # noqa: F811
    stores.postgres_table(ledger, postgres_url)
    wrong = postgres_url.replace(PASSWORD, "Not-the-Pw-42")
    result = _cli("report", wrong, "--table", "ventes", "-o", tmp_path / "p.xlsx")
    assert result.exit_code == 1
    said = result.stdout + result.stderr
    assert "Not-the-Pw-42" not in said and PASSWORD not in said
    assert "Traceback" not in said
    assert "cannot connect to the database" in said and ":***@127.0.0.1" in said
    assert not (tmp_path / "p.xlsx").exists()


@pytest.mark.parametrize(("args", "words"), [
    (["--table", "achats"], "no table 'achats'"),
    (["--query", "select * from nulle_part"], "the database refused the query"),
])
def test_a_wrong_table_or_query_is_one_line(ledger, tmp_path, postgres_url,  # noqa: F811
                                            args, words):
    stores.postgres_table(ledger, postgres_url)
    result = _cli("report", postgres_url, *args, "-o", tmp_path / "p.xlsx")
    said = result.stdout + result.stderr
    assert result.exit_code == 1 and words in said and "Traceback" not in said
    assert PASSWORD not in said


def test_no_server_is_one_line(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://ventes:Hidden-Pw-1@127.0.0.1:{port}/compta"
    with pytest.raises(XlsalesError) as caught:
        read_grouped_ledger(url, table="ventes")
    for lang in ("en", "fr"):
        message = caught.value.message(lang)
        assert "Hidden-Pw-1" not in message and "\n" not in message
        assert message.startswith(f"postgresql://ventes:***@127.0.0.1:{port}/compta")


def test_a_duckdb_file_without_table_or_a_csv_with_one_is_refused(ledger, tmp_path):
    db = stores.duckdb_file(ledger, tmp_path / "v.duckdb")
    with pytest.raises(XlsalesError, match="--table"):
        read_grouped_ledger(db)
    csv = stores.french_csv(ledger, tmp_path / "v.csv")
    result = _cli("report", csv, "--table", "ventes", "-o", tmp_path / "p.xlsx")
    assert result.exit_code == 1 and "reads a database" in result.stdout + result.stderr


def test_codes_our_rules_make_one_are_one_client(tmp_path):
    import duckdb

    path = tmp_path / "codes.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table ventes (client double, nom varchar, \"date\" date, ca double)")
        con.execute("insert into ventes values (1001.0, 'Alpha', '2025-03-01', 100), "
                    "(1001.0, 'Alpha', '2025-03-01', 50), (1002.0, 'Beta', '2025-04-01', 7)")
        con.execute("create table textes (client varchar, nom varchar, \"date\" varchar, "
                    "ca varchar)")
        con.execute("insert into textes values ('C1', 'Alpha', '01/03/2025', '100,00'), "
                    "(' C1', 'Alpha', '01/03/2025 10:30', '1 000,50'), "
                    "('C2', 'Beta', '2025-04-01', '7')")
    numbers = read_grouped_ledger(path, table="ventes").lines
    assert numbers["client"].tolist() == ["1001", "1002"]  # as a workbook's 1001.0 reads
    assert numbers["amount"].tolist() == [150.0, 7.0]
    assert numbers[LINE_COUNT].tolist() == [2, 1]
    texts = read_grouped_ledger(path, table="textes").lines
    assert texts["client"].tolist() == ["C1", "C2"]  # " C1" is C1; 10:30 is the same day
    assert texts["amount"].tolist() == [1100.5, 7.0]
    assert texts[LINE_COUNT].tolist() == [2, 1]
    assert texts["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-04-01"]
