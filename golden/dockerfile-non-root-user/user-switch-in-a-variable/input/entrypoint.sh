#!/bin/sh
[ "$EXEC_TOOL" ] || EXEC_TOOL=gosu
set -e
if [ "$(id -u)" -eq 0 ]; then
    chown -R "${PUID}:${PGID}" "${FLATNOTES_PATH}"
    exec ${EXEC_TOOL} "${PUID}:${PGID}" python -m app
fi
exec python -m app
