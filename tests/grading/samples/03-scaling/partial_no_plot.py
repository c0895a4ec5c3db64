"""Parts 1 and 2 done as the reference does them; the plot and the written answer left blank."""

from sample_answers.scaling import DJANGO_APP_FILE, FLASK_APP_FILE, MEASURE_SWEEP

DESCRIPTION = "partial: apps and measurements right, no plot, no interpretation"
EXPECTED_SCORE = 6.0
EXPECTED_FLAG = "checked from outside: an answer cell failed: NotImplementedError"  # its plot cell still raises NotImplementedError

ANSWERS = {"flask_app_file": FLASK_APP_FILE, "django_app_file": DJANGO_APP_FILE, "measure": MEASURE_SWEEP}
