#!/bin/bash

curl --fail-with-body http://127.0.0.1:8888/about/health
