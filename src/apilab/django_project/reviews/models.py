from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apilab.django_project.shop.models import Product


class Review(models.Model):
    """One customer's review of one product: many reviews point at one product (a foreign key)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    author = models.CharField(max_length=50)
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.author} on {self.product.name}: {self.rating}/5"
