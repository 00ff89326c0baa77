"""The PostgreSQL cursor the site uses: statements bound on the server, so PostgreSQL can prepare them.

Django binds parameters on the client by default and turns psycopg's prepared statements off, so
PostgreSQL parses and plans every statement again: Wagtail's wide page queries cost 0.3-0.8 ms of server CPU
each, most of it planning. With server-side binding and `prepare_threshold`, a statement a process has run
twice is prepared on its connection and later runs skip parse and plan (`make bench-pages`, ARCHITECTURE
"Caching: measured").

One kind of statement cannot be bound on the server: with `$n` parameters an expression repeated in
SELECT and GROUP BY (or in SELECT DISTINCT and ORDER BY) is no longer the same text, and PostgreSQL refuses
it ("for SELECT DISTINCT, ORDER BY expressions must appear in select list"; Wagtail's site-settings admin
builds one; Django #34255). A statement whose GROUP BY clause, or whose ORDER BY clause next to a DISTINCT,
holds a parameter is therefore bound on the client, exactly as Django does by default, and not prepared.
Imported by settings: it depends on psycopg only.
"""

import psycopg

_CLAUSE_END = (" HAVING ", " ORDER BY ", " LIMIT ", " OFFSET ", " UNION ", " WINDOW ", " FOR ")


def _clauses(query, keyword):
    """The text of every `keyword` clause: up to the parenthesis closing its (sub)query or the next clause."""
    start = query.find(keyword)
    while start != -1:
        i = begin = start + len(keyword)
        depth = 0
        while i < len(query):
            char = query[i]
            if char == '"':
                i = query.find('"', i + 1)  # a quoted name
                if i == -1:
                    break
            elif char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and query.startswith(_CLAUSE_END, i):
                break
            i += 1
        yield query[begin : i if i != -1 else len(query)]
        start = query.find(keyword, begin)


def needs_client_binding(query):
    if " GROUP BY " in query and any("%s" in clause for clause in _clauses(query, " GROUP BY ")):
        return True
    return "DISTINCT" in query and any("%s" in clause for clause in _clauses(query, " ORDER BY "))


class PreparingCursor(psycopg.Cursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        if params and isinstance(query, str) and needs_client_binding(query):
            query = psycopg.ClientCursor(self.connection).mogrify(query, params)
            return super().execute(query, None, prepare=False, binary=binary)
        return super().execute(query, params, prepare=prepare, binary=binary)
