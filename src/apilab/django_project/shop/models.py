from django.core.validators import MinValueValidator
from django.db import models


class Product(models.Model):
    """A product of the shop catalogue, as the Products API contract defines it."""

    name = models.CharField(max_length=100)
    # Money in whole cents: an integer, never a float.
    price_cents = models.PositiveIntegerField(validators=[MinValueValidator(0)])
    in_stock = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.price_cents} cents)"
