"""The Guide sheet: the method in brief, the order of the work and what each button does.

It is the sheet the workbook opens on, so it also says what the colours mean and how to
get the buttons when this copy has none, and it holds the refresh note Python writes.
"""

from __future__ import annotations

from xlsales.plan import blocks, layout
from xlsales.workbook.book import Book

__all__ = ["LABELS", "write"]

LABELS = {
    "title": {"en": "xlsales: the annual action plan of a client portfolio",
              "fr": "xlsales : le plan d'action annuel d'un portefeuille clients"},
    "howto": {
        "en": "Fill the white columns of Clients, Qualification, Funnel and Activity; every"
              " other sheet computes itself with native formulas (no Python needed).",
        "fr": "Remplissez les colonnes blanches de Clients, Qualification, Entonnoir et"
              " Activité ; les autres feuilles se calculent seules par formules natives"
              " (sans Python).",
    },
    "method": {"en": "The method in brief", "fr": "La méthode en bref"},
    "method_lines": {
        "en": "Portfolio: clients N = clients N-1 − lost + new; churn = lost / clients N-1;"
              " holding n clients takes n × churn new clients a year.\n"
              "ABC: A = the fewest largest clients making 80% of revenue, B up to 95%, C the"
              " rest. High revenue on few clients is fragile; many small clients disperse"
              " energy.\n"
              "Potential: what a client would buy if we were its only supplier; criteria"
              " scored 1 to 5 and weighted; share of wallet = revenue / potential.\n"
              "Approach: risk first (secure), then by class and share of wallet: develop,"
              " retain, develop selectively, maintain, grow, serve collectively and"
              " remotely.\n"
              "Matrix: segments × products; winning combinations hold 10% of the total,"
              " those to develop sell far below what their segment and product predict.\n"
              "Funnel: suspects → prospects → cold → warm → hot → clients; act on the"
              " weakest step; a target of new clients needs target ÷ overall conversion"
              " suspects.\n"
              "Qualification: potential × accessibility give the priority 1 to 5, and the"
              " next contact 7 to 90 days after the last one.\n"
              "Activity: index = quantity × orientation × efficiency; raise the lowest"
              " factor first.",
        "fr": "Portefeuille : clients N = clients N-1 − perdus + nouveaux ; attrition ="
              " perdus / clients N-1 ; tenir n clients demande n × attrition nouveaux"
              " clients par an.\n"
              "ABC : A = le moins de plus gros clients faisant 80 % du CA, B jusqu'à 95 %,"
              " C le reste. Un CA élevé sur peu de clients est fragile ; beaucoup de petits"
              " clients dispersent l'énergie.\n"
              "Potentiel : ce qu'un client achèterait si nous étions son seul fournisseur ;"
              " critères notés de 1 à 5 et pondérés ; part de client = CA / potentiel.\n"
              "Approche : le risque d'abord (sécuriser), puis selon la classe et la part de"
              " client : développer, fidéliser, développer sélectivement, maintenir, faire"
              " grandir, traiter collectivement et à distance.\n"
              "Matrice : segments × produits ; les combinaisons gagnantes font 10 % du"
              " total, celles à développer vendent bien moins que ne le prédisent leur"
              " segment et leur produit.\n"
              "Entonnoir : suspects → prospects → froids → tièdes → chauds → clients ; agir"
              " sur l'étape la plus faible ; un objectif de nouveaux clients demande"
              " objectif ÷ conversion globale suspects.\n"
              "Qualification : potentiel × accessibilité donnent la priorité de 1 à 5, et le"
              " prochain contact 7 à 90 jours après le dernier.\n"
              "Activité : indice = quantité × orientation × efficacité ; relever d'abord le"
              " facteur le plus bas.",
    },
    "method_more": {
        "en": "The whole method, its rules and the course's slips: docs/method.md in xlsales'"
              " documentation.",
        "fr": "La méthode complète, ses règles et les erreurs du cours : docs/method.md dans"
              " la documentation d'xlsales.",
    },
    "order": {"en": "The order of the work", "fr": "L'ordre du travail"},
    "steps": {
        "en": "Fill the Clients table (paste from your ledger, or let the command line fill"
              " it).\n"
              "Read the Portfolio, Cohorts and ABC sheets: churn (this year's and measured on"
              " the cohorts), classes, fragility.\n"
              "Score potential and risk in the Clients table; set the weights on Potential.\n"
              "Read the Matrix: which segments to develop with which products.\n"
              "Type the funnel's counts and the prospects (Funnel, Qualification).\n"
              "Score the team on Activity.\n"
              "Read the Plan: the key figures and the actions of the year.",
        "fr": "Remplir le tableau Clients (coller depuis la comptabilité, ou laisser la ligne"
              " de commande le remplir).\n"
              "Lire les feuilles Portefeuille, Cohortes et ABC : attrition (de l'année et mesurée"
              " sur les cohortes), classes, fragilité.\n"
              "Noter potentiel et risque dans le tableau Clients ; régler les poids dans"
              " Potentiel.\n"
              "Lire la Matrice : quels segments développer avec quels produits.\n"
              "Saisir les effectifs de l'entonnoir et les prospects (Entonnoir,"
              " Qualification).\n"
              "Noter l'équipe dans Activité.\n"
              "Lire le Plan d'action : chiffres clés et actions de l'année.",
    },
    "sheet": {"en": "Sheet", "fr": "Feuille"},
    "buttons": {"en": "The buttons", "fr": "Les boutons"},
    "button": {"en": "Button", "fr": "Bouton"},
    "does": {"en": "What it does", "fr": "Ce qu'il fait"},
    "refresh_portfolio": {"en": "Lists the lost clients (to win back) and the new ones (to"
                                " consolidate), largest first.",
                          "fr": "Liste les clients perdus (à reconquérir) et les nouveaux (à"
                                " consolider), les plus gros d'abord."},
    "refresh_abc": {"en": "Computes the data-driven ABC limits (Ultsch & Lötsch) and the"
                          " Gini coefficient.",
                    "fr": "Calcule les limites ABC tirées des données (Ultsch & Lötsch) et le"
                          " coefficient de Gini."},
    "refresh_matrix": {"en": "Rewrites the matrix's segments and products from the Clients"
                             " table.",
                       "fr": "Réécrit les segments et produits de la matrice depuis le"
                             " tableau Clients."},
    "refresh_qualification": {"en": "Names the prospects of each cell of the 3 × 3 matrix and"
                                    " lists the overdue reminders.",
                              "fr": "Nomme les prospects de chaque case de la matrice 3 × 3"
                                    " et liste les relances en retard."},
    "refresh_activity": {"en": "Writes each salesperson's lever and the effect of +1 point.",
                         "fr": "Écrit le levier de chaque commercial et l'effet de +1 point."},
    "refresh_funnel": {"en": "Lists the deals' stages in pipeline order, the win rate per owner"
                             " and per source and the stalled deals, from tblDeals when it has"
                             " rows, else from the typed funnel.",
                       "fr": "Liste les étapes des affaires dans l'ordre du pipeline, le taux"
                             " de transformation par responsable et par source et les"
                             " affaires en sommeil, depuis tblDeals s'il a des lignes, sinon"
                             " depuis l'entonnoir saisi."},
    "refresh_team": {"en": "Writes the portfolio per salesperson (clients, lost, new, revenue,"
                           " churn, A clients, win rate) from tblTeamSales and tblDeals.",
                     "fr": "Écrit le portefeuille par commercial (clients, perdus, nouveaux,"
                           " CA, attrition, clients A, taux de transformation) depuis tblTeamSales"
                           " et tblDeals."},
    "refresh_risk": {"en": "Lists the A and B clients most likely lost (probability of"
                           " still buying, rhythm), largest revenue at risk first.",
                     "fr": "Liste les clients A et B les plus susceptibles d'être perdus"
                           " (probabilité d'achat futur, rythme), le plus gros CA à risque"
                           " d'abord."},
    "refresh_all": {"en": "Runs every analysis and writes the action plan's sentences.",
                    "fr": "Lance toutes les analyses et écrit les phrases du plan"
                          " d'action."},
    "no_buttons": {
        "en": "This .xlsx copy has no buttons and needs none: every figure is a native"
              " formula. The buttons (and the blue blocks they refresh) need Python: create"
              " the macro-enabled copy with  xlsales template --xlsm -o plan.xlsm  and"
              " install Python with  pip install xlsales  (xlwings comes with it).",
        "fr": "Cette copie .xlsx n'a pas de boutons et n'en a pas besoin : chaque chiffre"
              " est une formule native. Les boutons (et les blocs bleus qu'ils actualisent)"
              " demandent Python : créez la copie avec macros par  xlsales template --xlsm"
              " -o plan.xlsm  et installez Python avec  pip install xlsales  (xlwings"
              " est fourni).",
    },
    "with_buttons": {
        "en": "The buttons run Python through xlwings: enable the macros, and install Python"
              " with  pip install xlsales  (xlwings comes with it). Without Python every"
              " formula still works; only the blue blocks stay as last written.",
        "fr": "Les boutons lancent Python via xlwings : activez les macros, et installez"
              " Python avec  pip install xlsales  (xlwings est fourni). Sans Python chaque"
              " formule fonctionne ; seuls les blocs bleus restent tels qu'écrits la"
              " dernière fois.",
    },
    "colours": {"en": "Colours", "fr": "Couleurs"},
    "colour_input": {"en": "Your inputs and settings", "fr": "Vos saisies et réglages"},
    "colour_computed": {"en": "Computed by formulas: do not type here",
                        "fr": "Calculé par formules : ne pas saisir ici"},
    "colour_python": {"en": "Written by xlsales' Python (buttons, command line)",
                      "fr": "Écrit par le Python d'xlsales (boutons, ligne de commande)"},
    "status": {"en": "Last refresh by Python", "fr": "Dernière actualisation par Python"},
}


def write(book: Book) -> None:
    key = "guide"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 2, 110)
    sheet.hide_gridlines(2)
    row = 3
    book.text(key, row, 1, book.say(LABELS, "method"), "section")
    for i, line in enumerate(book.say(LABELS, "method_lines").split("\n")):
        topic, text = line.split(": ", 1) if ": " in line else line.split(" : ", 1)
        book.text(key, row + 1 + i, 1, topic, "bold", "wrap")  # level with its text
        book.text(key, row + 1 + i, 2, text, "wrap")
        if len(text) > 105:  # two lines in the 110-character column
            book.tall(key, row + 1 + i, 30)
    lines = len(book.say(LABELS, "method_lines").split("\n"))
    book.text(key, row + 1 + lines, 2, book.say(LABELS, "method_more"), "howto")
    row += 10
    book.text(key, row, 1, book.say(LABELS, "order"), "section")
    for i, step in enumerate(book.say(LABELS, "steps").split("\n")):
        book.value(key, row + 1 + i, 0, i + 1, "bold", "center")
        book.text(key, row + 1 + i, 1, step)
    row += 9
    book.text(key, row, 1, book.say(LABELS, "buttons"), "section")
    for j, name in enumerate(("button", "does")):
        book.text(key, row + 1, 1 + j, book.say(LABELS, name), "header")
    for i, button in enumerate(layout.BUTTONS):
        caption = button.caption(book.lang)
        sheet_name = layout.sheet_name(button.sheet, book.lang)
        sheet.write_url(row + 2 + i, 1, f"internal:'{sheet_name.replace(chr(39), chr(39) * 2)}'!A1",
                        string=caption)
        book.text(key, row + 2 + i, 2, book.say(LABELS, button.macro))
    row += 2 + len(layout.BUTTONS)
    sheet.merge_range(row, 1, row, 2, book.say(LABELS, "with_buttons" if book.xlsm
                                               else "no_buttons"), book.fmt("wrap"))
    book.tall(key, row, 45)
    row += 2
    book.text(key, row, 1, book.say(LABELS, "colours"), "section")
    for i, trait in enumerate(("input", "computed", "python")):
        book.text(key, row + 1 + i, 1, "", trait)
        book.text(key, row + 1 + i, 2, book.say(LABELS, f"colour_{trait}"))
    row += 5
    book.text(key, row, 1, book.say(LABELS, "status"), "section")
    has_data = any(len(frame) for frame in (book.data.clients, book.data.prospects,
                                            book.data.team))
    content = (blocks.fit(blocks.status(book.results, book.lang, when=book.stamp),
                          "xls_status", book.lang) if has_data else [[None, None]])
    book.python_block("xls_status", row + 2, 1, rows=content)
    sheet.print_area(0, 0, row + 2, 2)
    sheet.fit_to_pages(1, 1)
