"""Exercise 5's hidden buggy builds: run only when the exercise is graded, from outside the notebook.

The instructor's alone: nbgrader never releases, collects or returns this file
(``CourseDirectory.ignore`` in nbgrader_config.py), and the learner's kernel
never runs it. The grader lists the functions below and the builds server runs
each, one at a time, as a build the suite must fail on. Each returns a new
Flask app, the course's Products API with one bug the contract forbids. Add,
change or remove builds here; the feedback numbers them and never names them.
"""

from marshmallow import fields, validate

from apilab.lessons.products_builds import ProductSchema, ProductStore, create_flask_app


def long_name_accepted():
    """A name longer than 100 characters is accepted."""
    class LongNames(ProductSchema):
        name = fields.String(required=True, validate=validate.Length(min=1))

    return create_flask_app(schema_class=LongNames)


def ids_reused():
    """The next id is the largest one + 1: deleting the last product frees its id."""
    class ReusingStore(ProductStore):
        def new_id(self):
            return max(self.products, default=0) + 1

    return create_flask_app(store=ReusingStore())


def in_stock_defaults_false():
    """A product sent without in_stock is out of stock."""
    class OutOfStockFirst(ProductSchema):
        in_stock = fields.Boolean(load_default=False)

    return create_flask_app(schema_class=OutOfStockFirst)
