"""A correct submission that measures each level twice and averages, and draws two panels:
throughput with error bars (errorbar containers carry the labels) beside the 99th percentile."""

from sample_answers.scaling import DJANGO_APP_FILE, FLASK_APP_FILE

DESCRIPTION = "correct, different style: repeated runs averaged, two-panel figure with error bars"
EXPECTED_SCORE = 9.0
EXPECTED_FLAG = "needs manual grade"

MEASURE = '''runs = []
for framework, target in [("Flask 3", "scaling_flask:app"), ("Django 5", "scaling_django:application")]:
    with start_process_server(target, server="gunicorn", workers=2, pythonpath=[APP_FOLDER]) as server:
        requests.get(server.url + "/api/products/", timeout=30)  # the first answer: the app is loaded
        runs.append(load.sweep(server, path="/api/products/", framework=framework, repeat=2,
                               concurrency_levels=CONCURRENCY_LEVELS,
                               requests=REQUESTS_PER_LEVEL // 2, duration=SECONDS_PER_LEVEL / 2))
every_run = pd.concat(runs, ignore_index=True)
spread = every_run.groupby(["framework", "concurrency"])["requests_per_s"].std().fillna(0)
results = (every_run.groupby(["framework", "concurrency"], as_index=False)
           [["requests_per_s", "p50_ms", "p99_ms"]].mean())
'''

PLOT = '''fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), sharex=True)
for name in results["framework"].unique():
    rows = results[results["framework"] == name]
    left.errorbar(rows["concurrency"], rows["requests_per_s"],
                  yerr=spread.loc[name].to_numpy(), capsize=3, label=name)
    right.plot(rows["concurrency"], rows["p99_ms"], linestyle="--", label=name)
left.set(xlabel="concurrency", ylabel="requests/s", title="throughput")
right.set(xlabel="concurrency", ylabel="p99 latency (ms)", title="tail latency")
left.legend()
'''

ANSWERS = {
    "flask_app_file": FLASK_APP_FILE,
    "django_app_file": DJANGO_APP_FILE,
    "measure": MEASURE,
    "plot": PLOT,
    "interpretation": "Throughput rises up to two clients (two workers) and flattens after; p99 grows with the queue.",
}
