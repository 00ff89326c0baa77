#!/usr/bin/env bash
# Dump the site's PostgreSQL database (DATABASE_URL) into one file; scripts/restore.sh restores and checks it.
#
#   scripts/backup.sh [FILE]    default FILE: backups/chuangfu-YYYYmmdd-HHMMSS.dump; prints the file's path
#
# pg_dump's custom format (compressed, one consistent snapshot, restorable table by table), without owners
# or grants so it restores into any database the restoring role owns. The file holds personal data
# (registrations, accounts): it is written readable by its owner only. Uploaded files (MEDIA_ROOT) are not
# in it: copy that folder beside it.
set -euo pipefail
umask 077

SCRIPT_DIR=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/pg_tools.sh
source "$SCRIPT_DIR/pg_tools.sh"

require_database_url
file=${1:-backups/chuangfu-$(date +%Y%m%d-%H%M%S).dump}
mkdir -p -- "$(dirname -- "$file")"
"$(pg_tool pg_dump)" --format=custom --no-owner --no-privileges --file="$file.partial" "$DATABASE_URL"
mv -f -- "$file.partial" "$file"
printf '%s\n' "$file"
