#!/usr/bin/env bash
PIPELINES_DIR=${PIPELINES_DIR:-./pipelines}

for file in "$PIPELINES_DIR"/*.py; do
  requirements=$(grep -i 'requirements:' "$file" | awk -F': ' '{print $2}' | tr ',' ' ')
  if [ -n "$requirements" ]; then
    echo "pip install $requirements"
    pip install $requirements
  fi
done

exec uvicorn main:app --host 0.0.0.0 --port "$PORT"
