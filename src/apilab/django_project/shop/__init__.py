"""The course's Django app: the Products API's ``Product`` model."""
