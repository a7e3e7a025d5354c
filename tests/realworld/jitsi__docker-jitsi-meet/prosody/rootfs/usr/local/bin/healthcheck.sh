#!/bin/bash

curl --fail-with-body http://127.0.0.1:5280/health
