#!/bin/sh
./run-loki.sh &
wait
