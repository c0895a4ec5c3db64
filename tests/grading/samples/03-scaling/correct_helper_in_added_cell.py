"""A correct submission whose measuring function lives in a code cell the learner added above the
measure cell; the measure cell only calls it."""

from sample_answers.scaling import DJANGO_APP_FILE, FLASK_APP_FILE, PLOT_THROUGHPUT

DESCRIPTION = "correct, different style: the measuring helper in a cell of the learner's own"
EXPECTED_SCORE = 9.0
EXPECTED_FLAG = "needs manual grade"

HELPER = '''def sweep_app(framework, target):
    """One framework's rows: its app under gunicorn (2 workers), loaded at every level."""
    with start_process_server(target, server="gunicorn", workers=2, pythonpath=[APP_FOLDER]) as server:
        requests.get(server.url + "/api/products/", timeout=30)
        return load.sweep(server, path="/api/products/", framework=framework,
                          concurrency_levels=CONCURRENCY_LEVELS,
                          requests=REQUESTS_PER_LEVEL, duration=SECONDS_PER_LEVEL)
'''

ANSWERS = {
    "flask_app_file": FLASK_APP_FILE,
    "django_app_file": DJANGO_APP_FILE,
    "measure": '''results = pd.concat([sweep_app("Flask", "scaling_flask:app"),
                     sweep_app("Django", "scaling_django:application")], ignore_index=True)
''',
    "plot": PLOT_THROUGHPUT,
    "interpretation": "Both level off at two clients, one per worker; the gap is small next to a database wait.",
}


def edit(nb):
    """Add the helper's cell just above the measure cell."""
    import nbformat

    index = next(i for i, cell in enumerate(nb.cells)
                 if cell.metadata.get("nbgrader", {}).get("grade_id") == "measure")
    nb.cells.insert(index, nbformat.v4.new_code_cell(HELPER))
