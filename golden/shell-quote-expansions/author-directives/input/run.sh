#!/bin/bash
service=$1
start_var="start_time_${service}"
# shellcheck disable=SC1083,SC2086
start_time=$(eval echo \${$start_var})
echo $start_time
