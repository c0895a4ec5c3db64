from django.apps import AppConfig


class ShopConfig(AppConfig):
    """The shop catalogue app that every Django notebook of the course installs."""

    name = "apilab.django_project.shop"
    label = "shop"
    default_auto_field = "django.db.models.AutoField"
