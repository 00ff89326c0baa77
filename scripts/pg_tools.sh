# Shared by scripts/backup.sh and scripts/restore.sh (sourced, not run).

# The PostgreSQL client program $1: from $PG_BIN, else PATH, else the PostgreSQL 15 binaries.
pg_tool() {
    local name=$1 dir
    for dir in ${PG_BIN:-} "" /usr/lib/postgresql/15/bin; do
        if [[ -z $dir ]]; then
            command -v "$name" 2>/dev/null && return 0
        elif [[ -x $dir/$name ]]; then
            printf '%s\n' "$dir/$name"
            return 0
        fi
    done
    echo "$name not found (install postgresql-client or set PG_BIN)" >&2
    return 1
}

require_database_url() {
    if [[ ! ${DATABASE_URL:-} =~ ^postgres(ql)?:// ]]; then
        echo "DATABASE_URL must be a postgres://… URL (e.g. export \$(scripts/services.sh env))" >&2
        exit 2
    fi
}

# DATABASE_URL with its database name replaced by $1 (query parameters kept).
url_for_database() {
    local base=${DATABASE_URL%%\?*} query=""
    [[ $DATABASE_URL == *\?* ]] && query="?${DATABASE_URL#*\?}"
    printf '%s/%s%s\n' "${base%/*}" "$1" "$query"
}
