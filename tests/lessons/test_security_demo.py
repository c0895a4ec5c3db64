"""The throwaway customers table the injection demo attacks."""

from apilab.lessons.security_demo import CUSTOMERS, customers_table


def test_each_call_gives_a_fresh_table_with_the_customers():
    first = customers_table()
    first.execute("DELETE FROM customers")
    second = customers_table()
    assert second.execute("SELECT name, email, card FROM customers").fetchall() == CUSTOMERS
    first.close()
    second.close()


def test_the_formatted_query_leaks_and_the_parameterised_one_does_not():
    table = customers_table()
    attack = "nobody' OR '1'='1"
    leaked = table.execute(f"SELECT card FROM customers WHERE name = '{attack}'").fetchall()
    safe = table.execute("SELECT card FROM customers WHERE name = ?", [attack]).fetchall()
    assert len(leaked) == len(CUSTOMERS) and safe == []
    table.close()
