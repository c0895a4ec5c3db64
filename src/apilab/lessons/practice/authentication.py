"""Practice in the lesson Authentication-And-Permissions: a new password rotates the key; protect an endpoint; staff.

``check_password_change`` gives two users of its own (deleted afterwards) a token each, calls the
learner's function for one, and tries the old key, the key it returned and the other user's key on a
DRF viewset. ``check_protected_orders``
serves the learner's Flask app on a free port, sends it reads and writes without a token, with a
wrong one and with a valid one, and stops it. ``check_staff_writes`` sends writes as a clerk and as
a member of staff to a DRF viewset using the learner's permission class (DRF's request factory, no
server; the product created is deleted) and to the learner's Flask app (its test client).
"""

from __future__ import annotations

from collections.abc import Callable

from apilab.lessons.practice.feedback import attempt, failed, not_done, point, report

ORDER = {"product_id": 1, "quantity": 2}
TEAPOT = {"name": "Teapot", "price_cents": 2500}
WRONG_KEY = "not-a-key"


def _json(response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _has_order(item) -> bool:
    """An order as the check sent it (an answer may add fields, such as an id)."""
    return isinstance(item, dict) and all(item.get(key) == value for key, value in ORDER.items())


VALID_HINTS = {401: "the check sends `Authorization: Token <key>`: does the token check use that scheme?",
               403: "the clerk is known: an order needs a login, no role"}


def _order_points(url: str, token: str) -> list:
    import requests

    orders = url + "/api/orders/"
    anonymous = requests.post(orders, json=ORDER, timeout=10)
    wrong = requests.post(orders, json=ORDER, headers={"Authorization": f"Token {WRONG_KEY}"}, timeout=10)
    valid = requests.post(orders, json=ORDER, headers={"Authorization": f"Token {token}"}, timeout=10)
    listed = requests.get(orders, timeout=10)
    detail, listing = _json(anonymous), _json(listed)
    valid_hint = VALID_HINTS.get(valid.status_code, "a write that creates an order says so with its status")
    return [
        point(anonymous.status_code == 401, "POST without a token answers 401",
              f"it answered {anonymous.status_code}: is the view protected by the token check?"),
        point(isinstance(detail, dict) and isinstance(detail.get("detail"), str), "the 401 has a JSON detail",
              "the error handler decides the body of a refusal"),
        point("WWW-Authenticate" in anonymous.headers and "WWW-Authenticate" in wrong.headers,
              "each 401 says which scheme to use (WWW-Authenticate)",
              "Flask-HTTPAuth adds it to the answer when its own login check refuses"),
        point(wrong.status_code == 401, "POST with a wrong token answers 401",
              f"it answered {wrong.status_code}: a key nobody was given must be refused"),
        point(valid.status_code == 201, "POST with the clerk's token answers 201",
              f"it answered {valid.status_code}: {valid_hint}"),
        point(_has_order(_json(valid)), "the clerk's POST answers with the order it stored",
              "send back the order the POST added, as JSON"),
        point(listed.status_code == 200 and isinstance(listing, list) and any(map(_has_order, listing)),
              "GET without a token lists the orders",
              f"it answered {listed.status_code}: reading stays public" if listed.status_code != 200
              else "the list it answered has not the order posted: store each order the POST gets, and list them"),
    ]


def check_protected_orders(make_app: Callable, token: str) -> int | None:
    """Lesson Authentication-And-Permissions: ``make_app()``'s POST /api/orders/ needs a token, its GET does not."""
    from apilab.serving.servers import serve

    app, error = attempt(make_app)
    if app is None and error is None:
        return not_done("make `orders_app()` return a Flask app (see the task), and run this again")
    if error is not None:
        return report([failed("calling orders_app()", error)])
    server, error = attempt(serve, app, name="practice-orders")
    if server is None:
        return report([failed("serving the app orders_app() returns", error)])
    with server:
        points, error = attempt(_order_points, server.url, token)
    return report(points if error is None else [failed("requests to /api/orders/", error)])


# --- a new password, a new key (DRF) ----------------------------------------------------------------------

PRACTICE_USER, OTHER_USER = "practice-rotation", "practice-rotation-other"
NEW_PASSWORD = "a new password, long enough"


def _rotation_points(change_password: Callable) -> list | None:
    import secrets

    from django.contrib.auth.models import User
    from rest_framework import permissions
    from rest_framework.authtoken.models import Token

    user = User.objects.create_user(PRACTICE_USER, password=secrets.token_urlsafe(16))
    old_key = Token.objects.create(user=user).key
    other_key = Token.objects.create(user=User.objects.create_user(OTHER_USER)).key
    new_key, error = attempt(change_password, user, NEW_PASSWORD)
    if new_key is None and error is None:
        return None
    if error is not None:
        return [failed("calling change_password(user, new_password)", error)]
    send = _drf_sender(permissions.IsAuthenticatedOrReadOnly)
    user.refresh_from_db()
    is_key = isinstance(new_key, str) and bool(new_key)
    owned = is_key and Token.objects.filter(user=user, key=new_key).exists()
    return [
        point(user.check_password(NEW_PASSWORD), "the user's password is the new one",
              "the password is stored as a hash: set it with the user's own method, and save the user"),
        point(send("POST", old_key) == 401, "the old key stops working",
              "a key works as long as its Token row exists"),
        point(is_key and new_key != old_key, "the function returns a new key",
              f"it returned {type(new_key).__name__}: return the key the user should use from now on"),
        point(owned, "the key returned is this user's",
              "the key returned must belong to a Token of this user"),
        point(owned and send("POST", new_key) == 201, "the new key writes",
              "a key writes while its Token row exists and its user may write"),
        point(send("POST", other_key) == 201, "another user's key still works",
              "a new password signs out its own user only: change only that user's Token"),
    ]


def check_password_change(change_password: Callable) -> int | None:
    """Lesson Authentication-And-Permissions: ``change_password(user, password)`` also rotates the user's token."""
    from django.contrib.auth.models import User

    User.objects.filter(username__in=[PRACTICE_USER, OTHER_USER]).delete()
    try:
        points, error = attempt(_rotation_points, change_password)
    finally:
        User.objects.filter(username__in=[PRACTICE_USER, OTHER_USER]).delete()     # their tokens go with them
    if points is None and error is None:
        return not_done("make `change_password(user, new_password)` return the user's new key, and run this again")
    return report(points if error is None else [failed("changing the practice user's password", error)])


# --- only staff may write, in both frameworks -------------------------------------------------------------


READS, SAFE, ANONYMOUS, CLERK, STAFF = (
    "anyone may read", "anyone may send HEAD and OPTIONS", "a write without a token is refused as unknown",
    "the clerk's write is refused as not allowed", "staff may write")


def _statuses(send: Callable, clerk_key: str, boss_key: str) -> dict:
    head, options = send("HEAD", None), send("OPTIONS", None)
    return {READS: send("GET", None), SAFE: head if head != 200 else options, ANONYMOUS: send("POST", None),
            CLERK: send("POST", clerk_key), STAFF: send("POST", boss_key)}


WANTED = {READS: 200, SAFE: 200, ANONYMOUS: 401, CLERK: 403, STAFF: 201}
HINTS = {READS: "reading must stay open to everyone",
         SAFE: "HEAD and OPTIONS change nothing either: they are safe methods, like GET",
         ANONYMOUS: "with no token, who is asking is not known yet",
         CLERK: "the clerk is known, and not staff",
         STAFF: "a member of staff may write"}


def _drf_sender(*permission_classes) -> Callable:
    """A function sending ``(method, key)`` to a products viewset with token logins and these permissions."""
    from rest_framework import viewsets
    from rest_framework.authentication import TokenAuthentication
    from rest_framework.test import APIRequestFactory

    from apilab.django_project.shop.models import Product
    from apilab.lessons.products_drf_build import ProductSerializer

    class Practice(viewsets.ModelViewSet):
        queryset = Product.objects.all()
        serializer_class = ProductSerializer
        authentication_classes = [TokenAuthentication]

    Practice.permission_classes = list(permission_classes)
    view, factory = Practice.as_view({"get": "list", "post": "create"}), APIRequestFactory()

    def send(method: str, key: str | None) -> int:
        headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
        request = (factory.post("/api/products/", TEAPOT, format="json", **headers) if method == "POST"
                   else getattr(factory, method.lower())("/api/products/", **headers))
        response = view(request)
        if response.status_code == 201:                # the check leaves no product behind
            Product.objects.filter(pk=response.data["id"]).delete()
        return response.status_code

    return send


def _drf_statuses(permission, clerk_key: str, boss_key: str) -> dict:
    from rest_framework import permissions

    return _statuses(_drf_sender(permissions.IsAuthenticatedOrReadOnly, permission), clerk_key, boss_key)


def _flask_statuses(app, clerk_key: str, boss_key: str) -> dict:
    client = app.test_client()

    def send(method: str, key: str | None) -> int:
        headers = {"Authorization": f"Token {key}"} if key else {}
        if method == "POST":
            return client.post("/api/products/", json=TEAPOT, headers=headers).status_code
        return client.open("/api/products/", method=method, headers=headers).status_code

    return _statuses(send, clerk_key, boss_key)


def _status_points(framework: str, statuses: dict) -> list:
    return [point(statuses[what] == status, f"{framework}: {what}", f"it answered {statuses[what]}: {HINTS[what]}")
            for what, status in WANTED.items()]


def _is_permission(candidate) -> bool:
    """A class DRF can use in ``permission_classes``: a BasePermission subclass, or a composition such as ``A | B``."""
    from rest_framework.permissions import AND, NOT, OR, BasePermission

    if isinstance(candidate, BasePermission) or not callable(candidate):
        return False
    instance, error = attempt(candidate)
    return error is None and isinstance(instance, (BasePermission, AND, OR, NOT))


def check_staff_writes(IsStaffOrReadOnly, staff_only_flask_app: Callable,  # noqa: N803 (the lesson's class name)
                       clerk_key: str, boss_key: str) -> int | None:
    """Lesson Authentication-And-Permissions: in both builds anyone reads, only staff writes (a clerk gets 403)."""
    from rest_framework.permissions import BasePermission

    app, error = attempt(staff_only_flask_app) if callable(staff_only_flask_app) else (None, None)
    if IsStaffOrReadOnly is None and app is None and error is None:
        return not_done("write `IsStaffOrReadOnly` and `staff_only_flask_app()` (see the task), and run this again")
    results = []
    if isinstance(IsStaffOrReadOnly, BasePermission):
        results.append(failed("IsStaffOrReadOnly is a DRF permission class",
                              "you gave an instance: assign the class (DRF makes one for each request)"))
    elif not _is_permission(IsStaffOrReadOnly):
        results.append(failed("IsStaffOrReadOnly is a DRF permission class",
                              f"it is {type(IsStaffOrReadOnly).__name__}: subclass permissions.BasePermission"))
    else:
        statuses, drf_error = attempt(_drf_statuses, IsStaffOrReadOnly, clerk_key, boss_key)
        results += (_status_points("DRF", statuses) if drf_error is None
                    else [failed("DRF: requests through IsStaffOrReadOnly", drf_error)])
    if app is None:
        results.append(failed("staff_only_flask_app() returns a Flask app", error or "it returned None"))
    else:
        statuses, flask_error = attempt(_flask_statuses, app, clerk_key, boss_key)
        results += (_status_points("Flask", statuses) if flask_error is None
                    else [failed("Flask: requests to staff_only_flask_app()", flask_error)])
    return report(results)
