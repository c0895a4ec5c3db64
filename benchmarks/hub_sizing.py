"""Each learner's server sized from the capacity runs (hub_capacity.py's reports), and what one machine holds.

    .venv/bin/python benchmarks/hub_sizing.py

reads three reports of benchmarks/results/: ``hub_capacity.txt``, learners running cells back to back
(a pause of 1 to 3 s: where the machine saturates), and ``hub_capacity_paced.txt``, learners pausing
before each cell as a quick reader does. From the paced run:

- memory guarantee: the median learner's peak memory (server, every lesson's kernel, the servers those
  kernels started; sampled every 2 s), rounded up to 128 MiB;
- memory limit: twice the largest learner's peak, and at least that peak plus the costliest lesson's
  own peak (``lesson_costs.txt``: every lesson alone in a kernel, lesson_costs.py), rounded up to
  256 MiB: room to open as many lessons again, or any one lesson more, before the limit stops the
  server (idle kernels are shut down after 30 minutes);
- CPU guarantee: the median learner's CPU-seconds over the session's length (the share of a core a
  reading, working learner uses on average), rounded up to 0.05;
- CPU limit: one core, so that one learner's load test (lesson 12) cannot take a second core from the
  others; a learner alone on the machine waits longer for that lesson's cells, nothing else.

What one machine holds: as many learners as the paced run had, when every one of them ran every cell
(none failed, no session stopped), and no more than the memory allows (80 % of the machine's memory
over the most machine memory used per learner in either run); None when the paced run shows no such
number.
tests/hub/test_shipped_configuration.py keeps values.yaml and jupyterhub_config.py equal to this.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
BACK_TO_BACK, PACED = RESULTS / "hub_capacity.txt", RESULTS / "hub_capacity_paced.txt"
LESSON_COSTS = RESULTS / "lesson_costs.txt"
MEMORY_SHARE = 0.8  # of the machine's memory, for learners (the rest: the hub, the system, the page cache)


def _up(value: float, step: float) -> float:
    return math.ceil(value / step - 1e-9) * step


def rounds(text: str) -> list[dict]:
    """The report's table: one dict per round."""
    found = []
    for line in text.splitlines():
        parts = line.replace(",", " ").split()
        if len(parts) == 14 and parts[0].isdigit():
            found.append({"learners": int(parts[0]), "work_s": float(parts[1]), "p95": float(parts[4]),
                          "errors": int(parts[6]), "memory_median": float(parts[9]),
                          "memory_max": float(parts[10]), "machine_per_learner": float(parts[11])})
    stopped = re.search(r"^sessions that stopped.*: (.*)$", text, re.MULTILINE)
    stops = dict((int(total), int(count)) for count, total in re.findall(r"(\d+) of (\d+)", stopped.group(1))) \
        if stopped else {}
    cpu = dict(re.findall(r"^\s*(\d+) learners: ((?:[\w-]+ [\d.]+(?:, )?)+)$", text, re.MULTILINE))
    for row in found:
        lessons = cpu.get(str(row["learners"]), "")
        row["stopped"] = stops.get(row["learners"], 0)
        row["cpu_s"] = sum(float(seconds) for _, seconds in re.findall(r"([\w-]+) ([\d.]+)", lessons))
    return found


def machine(text: str) -> tuple[int, float]:
    """(CPUs, GiB) of the machine the report was measured on."""
    match = re.search(r"(\d+) CPUs, (\d+) GiB", text)
    if not match:
        raise ValueError("the report does not say its machine's CPUs and memory")
    return int(match.group(1)), float(match.group(2))


LESSONS = sorted(path.stem for path in (RESULTS.parents[1] / "notebooks").glob("*.ipynb"))


def lesson_rows(lesson_costs: str) -> dict[str, list[str]]:
    """lesson_costs.py's rows by lesson: [lesson, wall s, CPU s, peak MiB, processes, kernel MiB, left, ...]."""
    return {parts[0]: parts for parts in (line.split() for line in lesson_costs.splitlines())
            if len(parts) >= 7 and re.fullmatch(r"\d\d-[\w-]+", parts[0])}


def costliest_lesson(lesson_costs: str, lessons: list[str] = LESSONS) -> tuple[str, float]:
    """(lesson, peak MiB) of the lesson with the highest peak in lesson_costs.py's report.

    The report must hold every one of ``lessons``, none of them cut short by an error (its peak would
    be too low).
    """
    rows = lesson_rows(lesson_costs)
    if not rows:
        raise ValueError("the lesson costs report holds no lesson")
    missing = [lesson for lesson in lessons if lesson not in rows]
    failed = [lesson for lesson, parts in rows.items() if "error:" in parts]
    if missing or failed:
        raise ValueError(f"the lesson costs report must hold every lesson run to its end; missing: "
                         f"{', '.join(missing) or 'none'}; stopped by an error: {', '.join(failed) or 'none'}")
    return max(((lesson, float(parts[3])) for lesson, parts in rows.items()), key=lambda lesson: lesson[1])


def sizing(back_to_back: str, paced: str, lesson_costs: str) -> dict:
    """The guarantees and limits for each learner's server, and the learners one such machine holds."""
    table, reading = rounds(back_to_back), rounds(paced)
    if not table or not reading:
        raise ValueError("each report must hold a round")
    largest = max(reading, key=lambda row: row["learners"])
    cpus, gib = machine(paced)
    lesson, lesson_peak = costliest_lesson(lesson_costs)
    memory_guarantee = int(_up(largest["memory_median"], 128))
    memory_limit = int(_up(max(2 * largest["memory_max"], largest["memory_max"] + lesson_peak), 256))
    cpu_guarantee = round(_up(largest["cpu_s"] / largest["work_s"], 0.05), 2)
    by_memory = int(MEMORY_SHARE * gib * 1024 / max(row["machine_per_learner"] for row in table + reading))
    ran_all = largest["errors"] == 0 and largest["stopped"] == 0  # else the run backs no number of learners
    return {"memory": {"guarantee": f"{memory_guarantee}M", "limit": f"{memory_limit}M"},
            "costliest lesson": {"lesson": lesson, "peak_mib": lesson_peak, "learner_peak_mib": largest["memory_max"]},
            "cpu": {"guarantee": cpu_guarantee, "limit": 1.0},
            "holds": {"cpus": cpus, "gib": gib, "by_memory": by_memory, "measured": largest["learners"],
                      "learners": min(by_memory, largest["learners"]) if ran_all else None}}


def main(argv: list[str]) -> int:
    reports = ((BACK_TO_BACK, "hub_capacity.py"), (PACED, "hub_capacity.py"), (LESSON_COSTS, "lesson_costs.py"))
    for path, script in reports:
        if not path.is_file():
            print(f"hub_sizing: no report at {path} (benchmarks/{script} --output {path})", file=sys.stderr)
            return 1
    result = sizing(BACK_TO_BACK.read_text(), PACED.read_text(), LESSON_COSTS.read_text())
    holds, costliest = result["holds"], result["costliest lesson"]
    print(f"singleuser memory: guarantee {result['memory']['guarantee']}, limit {result['memory']['limit']} "
          f"(the largest learner's peak {costliest['learner_peak_mib']:.0f} MiB; the costliest lesson alone, "
          f"{costliest['lesson']}, peaks at {costliest['peak_mib']:.0f} MiB)")
    print(f"singleuser cpu: guarantee {result['cpu']['guarantee']}, limit {result['cpu']['limit']}")
    if holds["learners"] is None:
        print(f"the paced run ({holds['measured']} learners) had failed cells or stopped sessions: it shows no "
              f"number of learners one machine holds (memory would allow {holds['by_memory']})")
    else:
        print(f"one machine of {holds['cpus']} cores and {holds['gib']:.0f} GiB holds about {holds['learners']} "
              f"learners working at once ({holds['measured']} ran every cell; memory allows {holds['by_memory']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
