"""Exercise 6's parts: what counts as a query, the counter on connections, the grader's pipe, the catalogue."""

from __future__ import annotations

import os
import sqlite3

import pytest

from apilab.exercises.api_features import CELLS, catalogue, checks, query_count
from apilab.grading.runner import StatementLog


@pytest.mark.parametrize(("statement", "counts"), [
    ('SELECT "shop_product"."id" FROM "shop_product" LIMIT 5', True),
    ("SELECT COUNT(*) AS __count FROM shop_product", True),
    ("INSERT INTO reviews (author) VALUES (?)", True),
    ("UPDATE products SET name = 'x'", True),
    ("DELETE FROM products", True),
    ("select sqlite_compileoption_used('ENABLE_MATH_FUNCTIONS')", False),  # Django's set-up of a connection
    ("BEGIN", False), ("COMMIT", False), ("SAVEPOINT s1", False), ("PRAGMA foreign_keys = ON", False),
])
def test_a_query_is_a_statement_that_reads_or_writes_a_table(statement, counts):
    assert query_count.counted(statement) is counts


class Collect:
    """A sink that keeps the statements it is handed while the test runs (a sink, once installed, stays)."""

    def __init__(self):
        self.seen, self.active = [], True

    def __call__(self, statement):
        if self.active:
            self.seen.append(statement)


def test_every_connection_opened_after_install_is_counted_whatever_its_class():
    collect = Collect()
    query_count.install(collect)

    class Quiet(sqlite3.Connection):
        def set_trace_callback(self, callback):  # a subclass cannot turn the count off this way
            pass

    for connection in (sqlite3.connect(":memory:"), sqlite3.dbapi2.connect(":memory:", factory=Quiet)):
        connection.execute("CREATE TABLE t (x)")
        connection.execute("INSERT INTO t VALUES (1)")
        connection.execute("SELECT x FROM t").fetchall()
        connection.execute("PRAGMA user_version")
        connection.close()
    collect.active = False
    assert collect.seen == ["INSERT INTO t VALUES (1)", "SELECT x FROM t"] * 2


def test_queries_of_counts_what_the_kernel_sent_during_a_call():
    query_count.count_in_kernel()
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (x)")
    result, sent = query_count.queries_of(lambda: [connection.execute("SELECT x FROM t").fetchall()
                                                   for _ in range(3)])
    assert sent == 3 and result == [[], [], []]


def test_the_pipe_sink_writes_one_short_line_per_statement_and_the_log_counts_them():
    log = StatementLog()
    write_end = os.dup(log.write_end)  # what the verification process holds
    log.started()
    sink = query_count.pipe_sink(write_end)
    sink("SELECT *\n  FROM products")
    sink("SELECT " + "x" * 1000 + " FROM t")
    assert log.count() == 2
    assert log.last[0] == "SELECT * FROM products" and len(log.last[1]) == query_count.LINE_BYTES - 1
    os.write(write_end, b"half a line")  # counted only once it ends
    assert log.count() == 2
    os.close(write_end)
    sink("SELECT 1 FROM t")  # the pipe is closed: the sink says nothing, and nothing more is counted
    assert log.count() == 2
    log.close()
    assert log.count() == 2


def test_the_last_statements_include_what_the_pipe_holds_but_the_drain_has_not_read():
    log = StatementLog()
    os.write(log.write_end, b"INSERT INTO t VALUES (?)\nSELECT x FROM t\n")  # no drain thread reads yet
    assert log.recent() == ["INSERT INTO t VALUES (?)", "SELECT x FROM t"]
    assert log.count() == 2
    log.close()


def test_the_log_drains_the_pipe_so_a_chatty_process_never_blocks():
    log = StatementLog()
    write_end = os.dup(log.write_end)
    log.started()
    line = b"SELECT " + b"x" * 190 + b" FROM t\n"
    for _ in range(2000):  # 400 KB: six times what a pipe holds unread
        os.write(write_end, line)
    os.close(write_end)
    assert log.count() == 2000
    log.close()


def test_the_catalogues_can_fill_every_page_the_checks_ask_for():
    for other_values in (False, True):
        products = catalogue.catalogue(other_values)
        assert len(products) > checks.MAX_PAGE_SIZE and len(products) % checks.PAGE_SIZE != 0
        assert len({product["name"] for product in products}) == len(products)
        in_stock = [product for product in products if product["in_stock"]]
        assert 3 * checks.PAGE_SIZE < len(in_stock) < len(products)
        assert any(not product["reviews"] for product in products)
    assert catalogue.catalogue() != catalogue.catalogue(other_values=True)


def test_each_framework_has_the_same_cells_and_points():
    by_target = {target: [(cell.grade_id.split("_", 1)[1], cell.points) for cell in CELLS if cell.target == target]
                 for target in ("flask", "django")}
    assert by_target["flask"] == by_target["django"]
    assert sum(cell.points for cell in CELLS) == 14


def test_a_check_that_cannot_serve_fails_every_check_of_its_cell_saying_why():
    class Broken:
        framework = "flask"

        def serve(self, catalogue):
            raise NameError("create_app is not defined by the answer cells")

        def queries(self):
            return 0

        def recent(self):
            return []

    results = checks.feature_results(Broken(), (checks.PAGES, checks.BUDGET))
    assert [(r.group, r.check) for r in results] == checks.check_names((checks.PAGES, checks.BUDGET))
    assert all(not r.passed and "create_app is not defined" in r.message for r in results)


def test_a_log_never_given_to_a_process_closes_both_ends_of_its_pipe():
    log = StatementLog()
    ends = (log._read_end, log.write_end)
    log.close()
    for end in ends:
        with pytest.raises(OSError):
            os.fstat(end)
