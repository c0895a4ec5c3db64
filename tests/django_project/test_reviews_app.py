"""The reviews app: its migration matches its model, and it works beside shop in a project that installs it.

The test process's Django is configured without the app (as every lesson but one is), so the
project that installs it runs in a process of its own.
"""

import subprocess
import sys

from apilab.django_project import setup

SCRIPT = """
import apilab
from apilab.django_project.setup import INSTALLED_APPS
apilab.setup_django(INSTALLED_APPS=[*INSTALLED_APPS, "apilab.django_project.reviews"])
from django.core.exceptions import ValidationError
from django.core.management import call_command
from apilab.django_project.shop.models import Product
from apilab.django_project.reviews.models import Review

call_command("makemigrations", "reviews", "--check", "--dry-run", verbosity=0)  # exits 1 if a migration is missing
mug = Product.objects.create(name="Mug", price_cents=800)
Review.objects.create(product=mug, author="ada", rating=5)
Review.objects.create(product=mug, author="alan", rating=2)
print("reviews", [str(review) for review in mug.reviews.all()])
try:
    Review(product=mug, author="grace", rating=6).full_clean()
except ValidationError as error:
    print("refused", sorted(error.message_dict))
mug.delete()
print("left", Review.objects.count())
"""


def test_the_reviews_app_migrates_relates_validates_and_cascades():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "reviews ['ada on Mug: 5/5', 'alan on Mug: 2/5']",
        "refused ['rating']",
        "left 0",
    ]


def test_the_course_project_does_not_install_the_reviews_app():
    assert "apilab.django_project.reviews" not in setup.INSTALLED_APPS
