#!/bin/sh
. /usr/bin/functions.sh
set_web_uid
exec /usr/bin/web-server
