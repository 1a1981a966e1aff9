"""Exit 0 when a PostgreSQL server answers at the URL given (its maintenance database)."""

import sys
from urllib.parse import urlsplit, urlunsplit

try:
    import psycopg
except ImportError:
    sys.exit(1)

url = urlsplit(sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/postgres")
maintenance = urlunsplit(("postgresql", url.netloc, "/postgres", "", ""))
try:
    psycopg.connect(maintenance, connect_timeout=3).close()
except Exception:
    sys.exit(1)
