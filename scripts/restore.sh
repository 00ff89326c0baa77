#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into a fresh database and check it.
#
#   scripts/restore.sh DUMP NAME     restore into a new database NAME on the server of DATABASE_URL (NAME
#                                    must not exist yet), check it, keep it; then point DATABASE_URL at it
#   scripts/restore.sh --check DUMP  the same into a scratch database that is dropped afterwards: proves the
#                                    dump restores (run it after every backup, e.g. from the backup timer)
#
# The check: every table the dump holds data for has, in the restored database, exactly as many rows as
# the dump holds for it, and the key tables (pages, revisions, users, registrations, migrations) are there.
# Exit status 0 only when the restore and the check both succeeded.
set -euo pipefail

SCRIPT_DIR=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/pg_tools.sh
source "$SCRIPT_DIR/pg_tools.sh"

KEY_TABLES=(public.django_migrations public.wagtailcore_page public.wagtailcore_revision public.accounts_user
    public.events_registration public.worker_outgoingmail)

usage() {
    echo "usage: $0 DUMP NAME | $0 --check DUMP" >&2
    exit 2
}

scratch=0
if [[ ${1:-} == --check ]]; then
    [[ $# -eq 2 ]] || usage
    scratch=1 dump=$2 name="restore_check_$(date +%s)_$$"
else
    [[ $# -eq 2 ]] || usage
    dump=$1 name=$2
fi
[[ -r $dump ]] || { echo "cannot read $dump" >&2; exit 2; }
[[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "database name must match [a-z_][a-z0-9_]*" >&2; exit 2; }
require_database_url
PSQL=$(pg_tool psql)
PG_RESTORE=$(pg_tool pg_restore)
target_url=$(url_for_database "$name")

sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

drop_scratch() {
    sql "$DATABASE_URL" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" || true
}

exists=$(sql "$DATABASE_URL" -c "SELECT 1 FROM pg_database WHERE datname = '$name'")
[[ -z $exists ]] || { echo "database $name already exists: restore into a new name" >&2; exit 1; }
sql "$DATABASE_URL" -c "CREATE DATABASE \"$name\""
(( scratch )) && trap drop_scratch EXIT
echo "restoring $dump into $name" >&2
"$PG_RESTORE" --no-owner --no-privileges --exit-on-error --dbname="$target_url" "$dump"

# Rows per table as the dump holds them: its COPY blocks, one line per row.
expected=$("$PG_RESTORE" --data-only --file=- "$dump" | awk '
    /^COPY / { table = $2; rows[table] = 0; inside = 1; next }
    inside && $0 == "\\." { inside = 0; next }
    inside { rows[table]++ }
    END { for (t in rows) print t, rows[t] }' | sort)

failed=0 tables=0 total=0
while read -r table want; do
    [[ -n $table ]] || continue
    got=$(sql "$target_url" -c "SELECT count(*) FROM $table")
    tables=$((tables + 1)) total=$((total + got))
    if [[ $got != "$want" ]]; then
        echo "MISMATCH $table: dump $want rows, restored $got" >&2
        failed=1
    fi
done <<<"$expected"
for table in "${KEY_TABLES[@]}"; do
    count=$(sql "$target_url" -c "SELECT count(*) FROM $table" 2>/dev/null) || { echo "MISSING $table" >&2; failed=1; continue; }
    printf '%-32s %s rows\n' "$table" "$count"
done
if (( failed )); then
    echo "restore check FAILED ($name)" >&2
    exit 1
fi
echo "restore check passed: $tables tables, $total rows, as in the dump ($name$( (( scratch )) && echo ', dropped'))"
