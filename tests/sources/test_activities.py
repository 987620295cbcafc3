"""Activities exports read as each CRM writes them: its default labels, its date and
duration forms, its language. Every expected figure is written here by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.method.cost_to_serve import activity_types
from xlsales.sources.activities import activities_table, duration_unit, read_activities


def _write(path, lines, encoding="utf-8"):
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _summary(table):
    lines = table.lines
    return (list(lines["client"]), activity_types(lines["type"]),
            [None if np.isnan(m) else m for m in lines["duration"]], list(lines["owner"]))


def test_salesforce_tasks_and_events_report(tmp_path):
    # Lightning "Details only" CSV: comma, quoted, US dates (3/24 proves month first),
    # Call Duration in seconds, and the report's copyright footer
    path = _write(tmp_path / "report1712345.csv", [
        '"Assigned","Subject","Company / Account","Date","Type","Call Duration"',
        '"Alice Martin","Call","Alpha SA","3/24/2025","Call","900"',
        '"Alice Martin","Visit","Alpha SA","4/2/2025","Visit",""',
        '"Bruno Petit","Email: offer","Beta SARL","12/15/2025","Email",""',
        '""',
        '"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."',
    ])
    table = read_activities(path, skip_bad_rows=True)
    assert table.columns["duration"] == "Call Duration"
    assert _summary(table) == (["Alpha SA", "Alpha SA", "Beta SARL"],
                               ["call", "visit", "email"], [15.0, None, None],
                               ["Alice Martin", "Alice Martin", "Bruno Petit"])
    assert list(table.lines["date"]) == [pd.Timestamp(2025, 3, 24), pd.Timestamp(2025, 4, 2),
                                         pd.Timestamp(2025, 12, 15)]
    # the footer (line 6; line 5 is empty) has no account and no date: a bad line, listed
    assert table.bad_rows[["line", "column", "problem"]].values.tolist() == [
        [6, "Company / Account", "blank"], [6, "Date", "blank"]]


def test_hubspot_activities_export(tmp_path):
    path = _write(tmp_path / "hubspot-crm-exports-all-activities-2026-01-05.csv", [
        "Activity ID,Activity date,Activity type,Associated Company,Activity assigned to,"
        "Call duration (HH:mm:ss),Body preview",
        '101,2025-03-24 14:30,CALL,Alpha SA,Alice Martin,00:20:00,"Relance, devis"',
        "102,2025-05-02 09:00,MEETING,Beta SARL,Bruno Petit,,Revue annuelle",
        "103,2025-06-10 10:15,EMAIL,Alpha SA,Alice Martin,,",
        "104,2025-06-11 10:15,TASK,Gamma,Alice Martin,,",
    ])
    table = read_activities(path)
    assert _summary(table) == (["Alpha SA", "Beta SARL", "Alpha SA", "Gamma"],
                               ["call", "meeting", "email", "other"], [20.0, None, None, None],
                               ["Alice Martin", "Bruno Petit", "Alice Martin", "Alice Martin"])


def test_pipedrive_french_export(tmp_path):
    # Pipedrive in French: comma, UTF-8 with BOM, HH:MM durations, "Déjeuner" a meeting
    path = tmp_path / "activites-pipedrive.csv"
    path.write_bytes("\ufeff".encode() + "\r\n".join([
        "Sujet,Type,Date d'échéance,Durée,Organisation,Assigné à l'utilisateur,Fait",
        "Appel de suivi,Appel,2025-02-03,00:15,Alpha SA,Alice Martin,Fait",
        "Présentation,Réunion,2025-02-10,01:30,Beta SARL,Bruno Petit,Fait",
        "Déjeuner client,Déjeuner,2025-03-01,02:00,Beta SARL,Bruno Petit,Fait",
        "Échéance devis,Échéance,2025-03-05,,Alpha SA,Alice Martin,À faire",
    ]).encode() + b"\r\n")
    table = read_activities(path)
    assert _summary(table) == (["Alpha SA", "Beta SARL", "Beta SARL", "Alpha SA"],
                               ["call", "meeting", "meeting", "other"],
                               [15.0, 90.0, 120.0, None],
                               ["Alice Martin", "Bruno Petit", "Bruno Petit", "Alice Martin"])


def test_odoo_activities_workbook_has_no_duration(tmp_path):
    # Odoo's export of mail.activity (French): no duration column, dates as cells
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nom du document", "Type d'activité", "Résumé", "Date d'échéance",
                  "Assigné à"])
    sheet.append(["Alpha SA", "Appel", "Rappeler", dt.datetime(2025, 4, 1), "Alice Martin"])
    sheet.append(["Beta SARL", "Réunion", "Revue", dt.datetime(2025, 4, 2), "Bruno Petit"])
    sheet.append(["Gamma", "À faire", "Devis", dt.datetime(2025, 4, 3), "Alice Martin"])
    sheet.append(["Delta", "E-mail", "Offre", dt.datetime(2025, 4, 4), "Bruno Petit"])
    book.save(tmp_path / "Activité (mail.activity).xlsx")
    table = read_activities(tmp_path / "Activité (mail.activity).xlsx")
    assert "duration" not in table.columns
    assert _summary(table) == (["Alpha SA", "Beta SARL", "Gamma", "Delta"],
                               ["call", "meeting", "other", "email"], [None] * 4,
                               ["Alice Martin", "Bruno Petit", "Alice Martin", "Bruno Petit"])
    assert table.lines.index.tolist() == [2, 3, 4, 5]  # the sheet's rows


def test_sellsy_french_export_in_windows_1252(tmp_path):
    path = _write(tmp_path / "sellsy_activites.csv", [
        "Société;Sujet;Type;Date;Durée;Collaborateur",
        "Alpha SA;Visite annuelle;Rendez-vous;03/02/2025;1h30;Alice Martin",
        "Beta SARL;Point téléphonique;Appel;17/02/2025;20 min;Bruno Petit",
        "Gamma;Relance;Tâche;24/02/2025;;Alice Martin",
    ], encoding="cp1252")
    table = read_activities(path)
    assert _summary(table) == (["Alpha SA", "Beta SARL", "Gamma"],
                               ["meeting", "call", "other"], [90.0, 20.0, None],
                               ["Alice Martin", "Bruno Petit", "Alice Martin"])
    assert list(table.lines["date"]) == [pd.Timestamp(2025, 2, 3), pd.Timestamp(2025, 2, 17),
                                         pd.Timestamp(2025, 2, 24)]


def test_axonaut_export(tmp_path):
    path = _write(tmp_path / "axonaut-activites.csv", [
        "Entreprise;Type;Date;Durée;Utilisateur;Commentaire",
        "Alpha SA;Visite;05/03/2025;2 h;Alice Martin;Tournée",
        "Alpha SA;E-mail;06/03/2025;5;Alice Martin;",
        "Delta;Appel téléphonique;07/03/2025;00:45:00;Bruno Petit;",
    ])
    table = read_activities(path)
    assert _summary(table) == (["Alpha SA", "Alpha SA", "Delta"], ["visit", "email", "call"],
                               [120.0, 5.0, 45.0], ["Alice Martin", "Alice Martin",
                                                    "Bruno Petit"])


@pytest.mark.parametrize(("duration", "problem"), [
    ("-30", "negative"), ("1500", "duration_long"), ("25:00", "duration_long"),
    ("une heure", "not_duration")])
def test_a_bad_duration_stops_the_read_naming_its_line(tmp_path, duration, problem):
    path = _write(tmp_path / "a.csv", [
        "Société;Date;Type;Durée", "Alpha;03/02/2025;Appel;10",
        f"Beta;04/02/2025;Appel;{duration}", "Gamma;05/02/2025;Appel;15"])
    with pytest.raises(XlsalesError) as err:
        read_activities(path)
    assert err.value.problem == "bad_lines" and err.value.row == 3
    # the file and the column (issue 12 item 16: a message that stops names the file)
    assert err.value.arg == "a.csv, Durée" and duration in err.value.message("fr")
    assert err.value.params["line_problem"] == problem


def test_skipped_bad_durations_are_listed(tmp_path):
    path = _write(tmp_path / "a.csv", [
        "Société;Date;Type;Durée", "Alpha;03/02/2025;Appel;10",
        "Beta;04/02/2025;Appel;-5", "Gamma;05/02/2025;Visite;30:00"])
    table = read_activities(path, skip_bad_rows=True)
    assert list(table.lines["client"]) == ["Alpha"]
    assert table.bad_rows[["line", "problem"]].values.tolist() == [
        [3, "negative"], [4, "duration_long"]]
    assert "(the first is line 3)" in table.warnings[-1].message("en")


def test_units_from_the_header():
    assert duration_unit("Call Duration") == "seconds"
    assert duration_unit("Durée (secondes)") == "seconds"
    assert duration_unit("Duration (hours)") == "hours"
    assert duration_unit("Durée (h)") == "hours"
    assert duration_unit("Durée") == "minutes"
    assert duration_unit("Duration (minutes)") == "minutes"


def test_the_plans_table_keeps_year_n_and_the_ledgers_codes():
    lines = pd.DataFrame({
        "client": ["Alpha SA", "C02", "Prospect", "Alpha SA"],
        "date": pd.to_datetime(["2025-01-05", "2025-06-01", "2025-07-01", "2024-12-31"]),
        "type": ["Visite", "Appel", "Appel", "Visite"], "duration": [np.nan, 10, 5, 60],
        "owner": ["A", "B", "A", "A"]})
    clients = pd.DataFrame({"client": ["C01", "C02"], "name": ["Alpha SA", "Beta"]})
    frame, outside = activities_table(lines, clients, 2025)
    assert outside == 1
    assert list(frame["client"]) == ["C01", "C02", "Prospect"]
    assert frame["date"].tolist()[0] == dt.datetime(2025, 1, 5)
