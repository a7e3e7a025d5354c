#!/bin/sh
for file in $(grep -rl "$1" .next/); do
    sed -i -e "s|$1|$2|g" "$file"
done
