#!/bin/sh
service ssh start
exec nginx -g "daemon off;"
