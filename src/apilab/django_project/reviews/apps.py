from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Customers' reviews of products, for the lessons on relationships and real API features."""

    name = "apilab.django_project.reviews"
    label = "reviews"
    default_auto_field = "django.db.models.AutoField"
