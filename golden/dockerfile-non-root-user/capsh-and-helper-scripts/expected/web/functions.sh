# Helpers sourced by start.sh.
set_web_uid() {
    current=$(id -u web)
    if [ "$current" != "${WEB_UID:-100}" ]; then
        usermod -o -u "${WEB_UID}" web
    fi
}
