#!/bin/sh
exec /app/src/run
