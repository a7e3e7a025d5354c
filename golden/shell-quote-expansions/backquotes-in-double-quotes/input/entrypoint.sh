#!/bin/sh
# Split a URL into its parts, as older entrypoints do.
url="$1"
userpass="`echo $url | grep @ | cut -d@ -f1`"
host=`echo $url | cut -d@ -f2`
echo $host
