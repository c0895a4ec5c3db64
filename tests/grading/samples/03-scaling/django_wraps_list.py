"""Django wraps the list in an object, because JsonResponse refuses a bare list
without safe=False: the two frameworks no longer serve the same endpoint."""

from sample_answers import with_edit
from sample_answers.scaling import DJANGO_APP_FILE, SCALING

DESCRIPTION = "wrong: Django answers {\"products\": [...]}, not the same JSON array as Flask"
EXPECTED_SCORE = 7.0

ANSWERS = {
    **SCALING,
    "django_app_file": with_edit(
        DJANGO_APP_FILE,
        old="return JsonResponse(PRODUCTS, safe=False)",
        new='return JsonResponse({"products": PRODUCTS})'),
}
