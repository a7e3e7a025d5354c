#!/bin/bash
for f in $FILES_TO_CHECK; do
  [[ -f $f ]] || exit 1
done
case $MODE in
  fast) n=$((RETRIES + 1)) ;;
esac
target=$HOME/out
echo "$target" "${n}" $# $?
cat <<END
$target
END
