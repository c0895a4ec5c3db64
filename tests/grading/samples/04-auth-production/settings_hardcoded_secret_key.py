"""The settings hard-code a long random-looking SECRET_KEY: check --deploy accepts it, but it is
in the file, not in the environment."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "wrong: SECRET_KEY hard-coded in the file"
EXPECTED_SCORE = 14.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edit(
        PRODUCTION_SETTINGS,
        old='os.environ["DJANGO_SECRET_KEY"]',
        new='"x7Rk2pQ9vLm4Zt8Wc1Nb6Yh3Jd5Fs0Ga-Ue2Io7Py4Tr9Ew6Qa1Sz3Xc8Vb5Nm0Kl"'),
}
