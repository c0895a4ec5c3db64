"""Self-checks of lesson Authentication-And-Permissions: not done on the template, passed on a model, hints."""

import pytest
from flask import Flask, request
from flask_httpauth import HTTPTokenAuth

from apilab.lessons.practice.authentication import check_password_change, check_protected_orders, check_staff_writes
from apilab.lessons.products_builds import create_flask_app

CLERK_KEY, BOSS_KEY = "c" * 40, "b" * 40


def out_lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def token_auth() -> HTTPTokenAuth:
    auth = HTTPTokenAuth(scheme="Token")
    users = {CLERK_KEY: "clerk", BOSS_KEY: "boss"}
    auth.verify_token(users.get)
    auth.error_handler(lambda status: ({"detail": "Refused."}, status))
    auth.get_user_roles(lambda user: ["staff"] if user == "boss" else [])
    return auth


# --- a new password, a new key ---------------------------------------------------------------------------


def rotate(user):
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


def practice_users():
    from django.contrib.auth.models import User

    return User.objects.filter(username="practice-rotation").count()


def test_the_password_template_is_not_done_yet(product_table, capsys):
    def change_password(user, new_password):
        ...

    assert check_password_change(change_password) is None
    assert out_lines(capsys)[0].startswith("not done yet")
    assert practice_users() == 0


def test_a_new_password_and_a_new_key_pass_and_leave_nothing_behind(product_table, capsys):
    def change_password(user, new_password):
        user.set_password(new_password)
        user.save()
        return rotate(user)

    assert check_password_change(change_password) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out and out.count("✓") == 6
    assert practice_users() == 0 and other_practice_users() == 0 and product_table.objects.count() == 2


def test_a_new_password_alone_keeps_the_old_key_working_and_is_told(product_table, capsys):
    from rest_framework.authtoken.models import Token

    def change_password(user, new_password):
        user.set_password(new_password)
        user.save()
        return Token.objects.get(user=user).key

    assert check_password_change(change_password) == 2
    lines = out_lines(capsys)
    assert "✓ the user's password is the new one" in lines
    assert "✗ the old key stops working: a key works as long as its Token row exists" in lines
    assert any(line.startswith("✗ the function returns a new key") for line in lines)


def test_a_password_change_that_raises_gets_a_line_not_a_traceback(product_table, capsys):
    def change_password(user, new_password):
        user.password = new_password
        raise RuntimeError("no save")

    assert check_password_change(change_password) == 1
    assert out_lines(capsys)[0].startswith("✗ calling change_password(user, new_password): RuntimeError: no save")
    assert practice_users() == 0


# --- an endpoint of one's own -----------------------------------------------------------------------------


def orders_app(*, protected: bool = True, created_status: int = 201):
    auth, orders = token_auth(), []
    app = Flask("orders")

    @app.get("/api/orders/")
    def list_orders():
        return orders

    def add_order():
        orders.append(request.get_json())
        return orders[-1], created_status

    app.post("/api/orders/")(auth.login_required(add_order) if protected else add_order)
    return app


def test_the_orders_template_is_not_done_yet(capsys):
    def orders_app():
        ...

    assert check_protected_orders(orders_app, CLERK_KEY) is None
    assert out_lines(capsys)[0].startswith("not done yet")


def test_a_protected_post_and_a_public_get_pass(capsys):
    assert check_protected_orders(orders_app, CLERK_KEY) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_an_open_post_gets_the_401_lines_wrong_and_a_hint(capsys):
    assert check_protected_orders(lambda: orders_app(protected=False, created_status=200), CLERK_KEY) == 5
    lines = out_lines(capsys)
    assert any(line.startswith("✗ POST without a token answers 401: it answered 200") for line in lines)
    assert any(line.startswith("✗ POST with the clerk's token answers 201: it answered 200") for line in lines)
    assert "✓ GET without a token lists the orders" in lines
    assert not any("login_required" in line for line in lines)


def test_an_app_function_that_raises_gets_a_line_not_a_traceback(capsys):
    def orders_app():
        raise KeyError("store")

    assert check_protected_orders(orders_app, CLERK_KEY) == 1
    assert out_lines(capsys)[0].startswith("✗ calling orders_app(): KeyError")


# --- only staff may write ---------------------------------------------------------------------------------


@pytest.fixture
def keys(product_table):
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    User.objects.filter(username__in=["practice-clerk", "practice-boss"]).delete()
    clerk = User.objects.create_user("practice-clerk")
    boss = User.objects.create_user("practice-boss", is_staff=True)
    yield Token.objects.create(user=clerk, key=CLERK_KEY).key, Token.objects.create(user=boss, key=BOSS_KEY).key
    User.objects.filter(username__in=["practice-clerk", "practice-boss"]).delete()


def staff_or_read_only():
    from rest_framework import permissions

    class IsStaffOrReadOnly(permissions.BasePermission):
        def has_permission(self, request, view):
            return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_staff)

    return IsStaffOrReadOnly


def staff_only_flask_app():
    return create_flask_app(protect=token_auth().login_required(role="staff"))


def test_the_staff_template_is_not_done_yet(capsys):
    def staff_only_flask_app():
        ...

    assert check_staff_writes(None, staff_only_flask_app, CLERK_KEY, BOSS_KEY) is None
    assert out_lines(capsys)[0].startswith("not done yet")


def test_staff_only_writes_in_both_builds_pass_and_nothing_is_left_behind(keys, product_table, capsys):
    clerk_key, boss_key = keys
    assert check_staff_writes(staff_or_read_only(), staff_only_flask_app, clerk_key, boss_key) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out and out.count("✓") == 10
    assert product_table.objects.count() == 2      # the two products of the fixture: the staff write was deleted


def test_login_alone_lets_the_clerk_write_and_is_told_why_not(keys, capsys):
    from rest_framework import permissions

    clerk_key, boss_key = keys
    flask_login_only = lambda: create_flask_app(protect=token_auth().login_required)  # noqa: E731
    assert check_staff_writes(permissions.AllowAny, flask_login_only, clerk_key, boss_key) == 2
    lines = out_lines(capsys)
    for framework in ("DRF", "Flask"):
        assert (f"✗ {framework}: the clerk's write is refused as not allowed: it answered 201: "
                "the clerk is known, and not staff") in lines
    assert "✓ DRF: a write without a token is refused as unknown" in lines


def test_a_permission_that_raises_or_is_not_a_class_gets_a_line_not_a_traceback(keys, capsys):
    from rest_framework import permissions

    class Raising(permissions.BasePermission):
        def has_permission(self, request, view):
            raise ValueError("no rule")

    clerk_key, boss_key = keys
    assert check_staff_writes(Raising, lambda: None, clerk_key, boss_key) == 2
    lines = out_lines(capsys)
    assert lines[0].startswith("✗ DRF: requests through IsStaffOrReadOnly: ValueError: no rule")
    assert lines[1].startswith("✗ staff_only_flask_app() returns a Flask app")
    assert check_staff_writes("IsStaff", staff_only_flask_app, clerk_key, boss_key) == 1
    assert out_lines(capsys)[0].startswith("✗ IsStaffOrReadOnly is a DRF permission class: it is str")


# --- rotating every key, or someone else's --------------------------------------------------------------


def other_practice_users():
    from django.contrib.auth.models import User

    return User.objects.filter(username="practice-rotation-other").count()


def test_deleting_every_token_signs_everyone_out_and_is_told(product_table, capsys):
    from rest_framework.authtoken.models import Token

    def change_password(user, new_password):
        user.set_password(new_password)
        user.save()
        Token.objects.all().delete()
        return Token.objects.create(user=user).key

    assert check_password_change(change_password) == 1
    lines = out_lines(capsys)
    assert ("✗ another user's key still works: a new password signs out its own user only: "
            "change only that user's Token") in lines
    assert "✓ the new key writes" in lines
    assert other_practice_users() == 0 and practice_users() == 0


def test_returning_another_user_s_key_is_told(product_table, capsys):
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    def change_password(user, new_password):
        user.set_password(new_password)
        user.save()
        Token.objects.filter(user=user).delete()
        return Token.objects.get(user=User.objects.get(username="practice-rotation-other")).key

    assert check_password_change(change_password) == 2
    lines = out_lines(capsys)
    assert "✗ the key returned is this user's: the key returned must belong to a Token of this user" in lines
    assert any(line.startswith("✗ the new key writes") for line in lines)
    assert "✓ the old key stops working" in lines and "✓ another user's key still works" in lines


# --- orders: stored and listed, refused for the right reason ----------------------------------------------


def test_a_post_that_stores_nothing_and_a_get_of_something_else_are_told(capsys):
    auth = token_auth()

    def orders_app():
        app = Flask("orders")
        app.get("/api/orders/", endpoint="list")(lambda: [1])
        app.post("/api/orders/", endpoint="add")(auth.login_required(lambda: ("", 201)))
        return app

    assert check_protected_orders(orders_app, CLERK_KEY) == 2
    lines = out_lines(capsys)
    assert "✓ POST with the clerk's token answers 201" in lines
    assert any(line.startswith("✗ the clerk's POST answers with the order it stored") for line in lines)
    (listed,) = [line for line in lines if line.startswith("✗ GET without a token lists the orders")]
    assert "answered 200" not in listed and "store each order" in listed


def test_an_empty_list_is_not_called_a_wrong_status(capsys):
    def orders_app():
        app, auth = Flask("orders"), token_auth()
        app.get("/api/orders/", endpoint="list")(lambda: [])
        app.post("/api/orders/", endpoint="add")(auth.login_required(lambda: (request.get_json(), 201)))
        return app

    assert check_protected_orders(orders_app, CLERK_KEY) == 1
    (line,) = [line for line in out_lines(capsys) if line.startswith("✗")]
    assert line.startswith("✗ GET without a token lists the orders") and "answered 200" not in line


@pytest.mark.parametrize("auth_scheme, role, status, says", [
    ("Bearer", None, 401, "Authorization: Token <key>"),
    ("Token", "staff", 403, "no role"),
])
def test_a_refused_clerk_is_told_why_by_status(capsys, auth_scheme, role, status, says):
    def orders_app():
        auth = HTTPTokenAuth(scheme=auth_scheme)
        auth.verify_token({CLERK_KEY: "clerk"}.get)
        auth.error_handler(lambda code: ({"detail": "Refused."}, code))
        auth.get_user_roles(lambda user: [])
        orders, app = [], Flask("orders")
        app.get("/api/orders/", endpoint="list")(lambda: orders)

        def add_order():
            orders.append(request.get_json())
            return orders[-1], 201

        app.post("/api/orders/")(auth.login_required(role=role)(add_order))
        return app

    assert check_protected_orders(orders_app, CLERK_KEY) >= 1
    (line,) = [line for line in out_lines(capsys) if line.startswith("✗ POST with the clerk's token answers 201")]
    assert f"it answered {status}" in line and says in line


# --- a permission composed with | or & , or an instance -----------------------------------------------------


def test_a_composed_permission_is_accepted(keys, capsys):
    from rest_framework import permissions

    class ReadOnly(permissions.BasePermission):
        def has_permission(self, request, view):
            return request.method in permissions.SAFE_METHODS

    clerk_key, boss_key = keys
    assert check_staff_writes(permissions.IsAdminUser | ReadOnly, staff_only_flask_app, clerk_key, boss_key) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_an_instance_of_the_permission_is_told_to_assign_the_class(keys, capsys):
    clerk_key, boss_key = keys
    assert check_staff_writes(staff_or_read_only()(), staff_only_flask_app, clerk_key, boss_key) == 1
    assert out_lines(capsys)[0] == ("✗ IsStaffOrReadOnly is a DRF permission class: "
                                    "you gave an instance: assign the class (DRF makes one for each request)")


def test_a_permission_that_lets_only_get_through_is_told_head_and_options_are_safe(keys, capsys):
    from rest_framework import permissions

    class GetOrStaff(permissions.BasePermission):
        def has_permission(self, request, view):
            return request.method == "GET" or bool(request.user and request.user.is_staff)

    clerk_key, boss_key = keys
    assert check_staff_writes(GetOrStaff, staff_only_flask_app, clerk_key, boss_key) == 1
    (line,) = [line for line in out_lines(capsys) if line.startswith("✗")]
    assert line.startswith("✗ DRF: anyone may send HEAD and OPTIONS: it answered 401: ") and "safe methods" in line
