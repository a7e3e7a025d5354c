#!/bin/bash
# Binds port 53 as root, then runs the server as its own user with the capability kept.
setcap CAP_NET_BIND_SERVICE+ep /usr/bin/dns-server
capsh --user=dns --keep=1 -- -c "/usr/bin/dns-server" &
wait $!
